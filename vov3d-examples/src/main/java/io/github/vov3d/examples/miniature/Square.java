package io.github.vov3d.examples.miniature;

/**
 * An axis-aligned square at a sub-pixel position. Rendered by its exact area coverage of each
 * pixel, so slow motion and growth change the image smoothly rather than in whole-pixel jumps.
 *
 * @param centreX horizontal centre in video pixels
 * @param centreY vertical centre in video pixels
 * @param size side in pixels
 */
public record Square(double centreX, double centreY, double size) {

    /** Validates the size. */
    public Square {
        if (!(size > 0)) {
            throw new IllegalArgumentException("a square needs a positive size, got " + size);
        }
    }

    /**
     * @param pixel a column index (with {@code horizontal}) or row index
     * @param horizontal whether {@code pixel} is a column
     * @return the fraction of the pixel's extent along that axis covered by the square
     */
    public double overlap(int pixel, boolean horizontal) {
        double centre = horizontal ? centreX : centreY;
        double lo = Math.max(pixel, centre - size / 2);
        double hi = Math.min(pixel + 1, centre + size / 2);
        return Math.max(0, hi - lo);
    }
}
