package io.github.vov3d.data.transform;

import java.util.Arrays;

/**
 * Pixel normalisation {@code (v/255 − mean)/std} per channel, and the channel order the model
 * expects (the X3D-L Something-Something configs feed BGR).
 *
 * @param mean per-channel mean, in RGB order
 * @param std per-channel standard deviation, in RGB order
 * @param bgr emit channels blue, green, red
 */
public record Normalization(float[] mean, float[] std, boolean bgr) {
    /** Validates and copies the arrays. */
    public Normalization {
        if (mean == null || std == null || mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need three values each");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be positive, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** @return the Kinetics / Something-Something setting of every VoV3D/X3D config: 0.45 / 0.225, RGB */
    public static Normalization vov3d() {
        return new Normalization(new float[] {0.45f, 0.45f, 0.45f}, new float[] {0.225f, 0.225f, 0.225f}, false);
    }

    /** @param order true for BGR output @return a copy with that channel order */
    public Normalization withBgr(boolean order) {
        return new Normalization(mean, std, order);
    }

    /** @return copies of the means @see #mean */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /** @return copies of the deviations @see #std */
    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std) && bgr == n.bgr;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(mean) + Arrays.hashCode(std)) + Boolean.hashCode(bgr);
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ", bgr=" + bgr + "]";
    }
}
