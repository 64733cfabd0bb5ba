package io.github.vov3d.blocks;

/**
 * Channel-width rounding shared by X3D and VoV3D. Both networks (and PySlowFast's SE blocks)
 * round every derived width to a multiple of 8 so that tensor cores and vectorised kernels stay
 * efficient; reproducing the rule exactly is what makes the reference checkpoints fit.
 */
public final class Widths {
    private Widths() {}

    /**
     * Scales {@code width} by {@code multiplier} and rounds to the nearest multiple of
     * {@code divisor} (at least {@code minimum}), adding one more {@code divisor} if rounding lost
     * more than 10% of the scaled width.
     *
     * @param width the base width
     * @param multiplier the scale factor
     * @param minimum the smallest allowed result
     * @param divisor the result is a multiple of this
     * @return the rounded width
     */
    public static int round(double width, double multiplier, int minimum, int divisor) {
        if (width <= 0 || multiplier <= 0 || minimum <= 0 || divisor <= 0) {
            throw new IllegalArgumentException(
                    "widths, multiplier, minimum and divisor must be positive; got width="
                            + width + " multiplier=" + multiplier + " minimum=" + minimum
                            + " divisor=" + divisor);
        }
        double scaled = width * multiplier;
        int rounded = Math.max(minimum, (int) (scaled + divisor / 2.0) / divisor * divisor);
        if (rounded < 0.9 * scaled) {
            rounded += divisor;
        }
        return rounded;
    }

    /**
     * The X3D / SE convention: minimum 8, divisor 8.
     *
     * @param width the base width
     * @param multiplier the scale factor
     * @return the rounded width
     */
    public static int round(double width, double multiplier) {
        return round(width, multiplier, 8, 8);
    }
}
