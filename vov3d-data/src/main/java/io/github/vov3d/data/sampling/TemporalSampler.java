package io.github.vov3d.data.sampling;

import java.util.Random;

/**
 * Chooses which frames of a video form a clip. Implemented by {@link KineticsSampler} (windows
 * at a target rate) and {@link SegmentSampler} (one frame per segment), so datasets can take
 * either.
 */
public interface TemporalSampler {
    /** @return frames per clip */
    int numFrames();

    /**
     * @param frameCount frames of the video
     * @param fps its frame rate
     * @param random the random source
     * @return ascending frame indices of a training clip
     */
    int[] trainIndices(int frameCount, double fps, Random random);

    /**
     * @param frameCount frames of the video
     * @param fps its frame rate
     * @param clip temporal view, 0-based
     * @param clips temporal views per video
     * @return ascending frame indices of that view, the same on every call
     */
    int[] testIndices(int frameCount, double fps, int clip, int clips);
}
