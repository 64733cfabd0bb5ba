package io.github.vov3d.data.sampling;

import java.util.Random;

/**
 * Something-Something temporal sampling as in the reference's {@code ssv1.py}/{@code ssv2.py}:
 * the frames are cut into {@code numFrames} segments of {@code (L−1)/numFrames} frames, segment
 * {@code i} spanning {@code [round(size·i), round(size·(i+1))]} (round half to even), and one frame is
 * taken per segment: at random for training, the middle {@code (start+end)/2} for a single test
 * view.
 *
 * <p>For several test views the reference draws random frames again, so its multi-view score is
 * not reproducible. We place view {@code v} of {@code V} deterministically at
 * {@code start + floor((2v+1)·(end−start) / (2V))} in every segment: evenly spread, the middle
 * when {@code V = 1}, and distinct views whenever a segment spans at least {@code V} frames.
 *
 * @param numFrames frames per clip (one per segment)
 */
public record SegmentSampler(int numFrames) implements TemporalSampler {
    /** Validates the frame count. */
    public SegmentSampler {
        if (numFrames <= 0) {
            throw new IllegalArgumentException("numFrames must be positive, got " + numFrames);
        }
    }

    /**
     * @param frameCount frames of the video (L)
     * @param segment segment index
     * @return {@code {start, end}}, both inclusive
     */
    public int[] segment(int frameCount, int segment) {
        double size = (frameCount - 1) / (double) numFrames;
        return new int[] {(int) Math.rint(size * segment), (int) Math.rint(size * (segment + 1))};
    }

    /**
     * @param frameCount frames of the video
     * @param random the training random source
     * @return one random frame per segment, ascending
     */
    public int[] trainIndices(int frameCount, Random random) {
        check(frameCount);
        int[] out = new int[numFrames];
        for (int i = 0; i < numFrames; i++) {
            int[] s = segment(frameCount, i);
            out[i] = s[0] + random.nextInt(s[1] - s[0] + 1);
        }
        return out;
    }

    /**
     * @param frameCount frames of the video
     * @param view which view, 0-based
     * @param views number of temporal views
     * @return one frame per segment, ascending, the same on every call
     */
    public int[] testIndices(int frameCount, int view, int views) {
        check(frameCount);
        if (views <= 0 || view < 0 || view >= views) {
            throw new IllegalArgumentException("view must be in [0, " + views + "), got " + view);
        }
        int[] out = new int[numFrames];
        for (int i = 0; i < numFrames; i++) {
            int[] s = segment(frameCount, i);
            out[i] = s[0] + (int) Math.floor((2.0 * view + 1) * (s[1] - s[0]) / (2.0 * views));
        }
        return out;
    }

    /** The frame rate plays no part in segment sampling. */
    @Override
    public int[] trainIndices(int frameCount, double fps, Random random) {
        return trainIndices(frameCount, random);
    }

    /** The frame rate plays no part in segment sampling. */
    @Override
    public int[] testIndices(int frameCount, double fps, int clip, int clips) {
        return testIndices(frameCount, clip, clips);
    }

    private static void check(int frameCount) {
        if (frameCount <= 0) {
            throw new IllegalArgumentException("the video has no frames");
        }
    }
}
