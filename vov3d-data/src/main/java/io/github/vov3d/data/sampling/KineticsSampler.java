package io.github.vov3d.data.sampling;

import java.util.Random;

/**
 * Kinetics temporal sampling as in PySlowFast's {@code decoder.get_start_end_idx} and
 * {@code temporal_sampling}: a window of {@code numFrames × samplingRate} frames at
 * {@code targetFps} (i.e. {@code numFrames·samplingRate/targetFps·fps} source frames), placed at
 * random for training or at {@code delta·i/N} for test clip {@code i} of {@code N}, and
 * {@code numFrames} indices spaced evenly (linspace) from its first to its last frame, clamped
 * to the video and truncated to integers.
 *
 * @param numFrames frames per clip (16 for VoV3D/X3D-M)
 * @param samplingRate stride at the target rate (5)
 * @param targetFps the rate the stride refers to (30)
 */
public record KineticsSampler(int numFrames, int samplingRate, double targetFps) implements TemporalSampler {
    /** Validates the parameters. */
    public KineticsSampler {
        if (numFrames <= 0 || samplingRate <= 0 || !(targetFps > 0)) {
            throw new IllegalArgumentException("numFrames, samplingRate and targetFps must be positive, got "
                    + numFrames + ", " + samplingRate + ", " + targetFps);
        }
    }

    /** @return the VoV3D/X3D Kinetics setting: 16 frames, stride 5, at 30 fps */
    public static KineticsSampler vov3d() {
        return new KineticsSampler(16, 5, 30);
    }

    /**
     * @param fps the video's frame rate
     * @return the window length in source frames
     */
    public double windowFrames(double fps) {
        return numFrames * samplingRate / targetFps * fps;
    }

    /**
     * @param frameCount frames in the video
     * @param fps its frame rate
     * @param random the training random source
     * @return {@code numFrames} ascending indices of a randomly placed window
     */
    @Override
    public int[] trainIndices(int frameCount, double fps, Random random) {
        double delta = Math.max(frameCount - windowFrames(fps), 0);
        return indices(frameCount, fps, delta * random.nextDouble());
    }

    /**
     * @param frameCount frames in the video
     * @param fps its frame rate
     * @param clip which clip, 0-based
     * @param clips how many clips are spread over the video (NUM_ENSEMBLE_VIEWS)
     * @return {@code numFrames} ascending indices of clip {@code clip}
     */
    @Override
    public int[] testIndices(int frameCount, double fps, int clip, int clips) {
        if (clips <= 0 || clip < 0 || clip >= clips) {
            throw new IllegalArgumentException("clip must be in [0, " + clips + "), got " + clip);
        }
        double delta = Math.max(frameCount - windowFrames(fps), 0);
        return indices(frameCount, fps, delta * clip / clips);
    }

    private int[] indices(int frameCount, double fps, double start) {
        if (frameCount <= 0) {
            throw new IllegalArgumentException("the video has no frames");
        }
        // a window shorter than one frame would run backwards (upstream too): keep it ascending
        double end = start + Math.max(windowFrames(fps) - 1, 0);
        int[] out = new int[numFrames];
        for (int i = 0; i < numFrames; i++) {
            double v = numFrames == 1 ? start : start + (end - start) * i / (numFrames - 1);
            out[i] = (int) Math.max(0, Math.min(frameCount - 1, v));
        }
        return out;
    }
}
