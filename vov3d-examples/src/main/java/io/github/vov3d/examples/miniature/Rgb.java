package io.github.vov3d.examples.miniature;

import java.util.SplittableRandom;

/**
 * A colour in the network's input scale (roughly zero mean, unit spread), one value per channel.
 *
 * @param red channel 0
 * @param green channel 1
 * @param blue channel 2
 */
public record Rgb(float red, float green, float blue) {

    /** @param c channel 0, 1 or 2 @return its value */
    public float channel(int c) {
        return switch (c) {
            case 0 -> red;
            case 1 -> green;
            case 2 -> blue;
            default -> throw new IllegalArgumentException("channel " + c + " of an RGB colour");
        };
    }

    /**
     * @param random the source
     * @param spread half-width of the uniform range around 0
     * @return a random colour
     */
    static Rgb random(SplittableRandom random, double spread) {
        return new Rgb((float) random.nextDouble(-spread, spread), (float) random.nextDouble(-spread, spread),
                (float) random.nextDouble(-spread, spread));
    }

    /**
     * @param random the source
     * @param sign +1 for a brighter colour, −1 for a darker one
     * @return a colour that differs from this one by 0.8–1.6 in every channel, in the direction
     *     of {@code sign}, so it is always visible against this background
     */
    Rgb contrasting(SplittableRandom random, int sign) {
        return new Rgb(red + offset(random, sign), green + offset(random, sign), blue + offset(random, sign));
    }

    private static float offset(SplittableRandom random, int sign) {
        return (float) (sign * random.nextDouble(0.8, 1.6));
    }
}
