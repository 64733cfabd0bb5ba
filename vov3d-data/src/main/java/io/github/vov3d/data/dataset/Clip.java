package io.github.vov3d.data.dataset;

/**
 * One decoded, transformed clip as plain floats, before it becomes an NDArray: loader threads
 * produce these without touching an engine.
 *
 * @param data C×T×H×W values, C = 3
 * @param frames T
 * @param height H
 * @param width W
 * @param label class index
 * @param videoId the video's id
 * @param view test view index (0 in training)
 */
public record Clip(float[] data, int frames, int height, int width, int label, String videoId, int view) {
    /** Checks that the data matches the shape. */
    public Clip {
        if (data.length != 3 * frames * height * width) {
            throw new IllegalArgumentException("clip data has " + data.length + " values, shape needs "
                    + 3 * frames * height * width);
        }
    }

    /** @return {@code {3, T, H, W}} */
    public long[] shape() {
        return new long[] {3, frames, height, width};
    }
}
