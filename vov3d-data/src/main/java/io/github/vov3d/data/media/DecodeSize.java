package io.github.vov3d.data.media;

/**
 * The size frames are converted to while decoding (FFmpeg's swscale does the resize together
 * with the colour conversion, which is cheaper than resizing afterwards).
 *
 * @param shortSide target short side in pixels, or 0 to keep the coded size; the long side
 *     becomes {@code floor(long / short · shortSide)} as in the reference's {@code scale}
 */
public record DecodeSize(int shortSide) {
    private static final DecodeSize ORIGINAL = new DecodeSize(0);

    /** Validates the size. */
    public DecodeSize {
        if (shortSide < 0) {
            throw new IllegalArgumentException("short side must be >= 0 (0 keeps the coded size), got " + shortSide);
        }
    }

    /** @return keep the coded size */
    public static DecodeSize original() {
        return ORIGINAL;
    }

    /** @param shortSide target short side @return a short-side resize */
    public static DecodeSize shortSide(int shortSide) {
        if (shortSide == 0) {
            throw new IllegalArgumentException("short side must be positive");
        }
        return new DecodeSize(shortSide);
    }

    /**
     * @param width source width
     * @param height source height
     * @return {@code {width, height}} after this resize
     */
    public int[] apply(int width, int height) {
        if (shortSide == 0 || Math.min(width, height) == shortSide) {
            return new int[] {width, height};
        }
        if (width <= height) {
            return new int[] {shortSide, (int) Math.floor((double) height / width * shortSide)};
        }
        return new int[] {(int) Math.floor((double) width / height * shortSide), shortSide};
    }
}
