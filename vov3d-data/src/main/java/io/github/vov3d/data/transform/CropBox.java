package io.github.vov3d.data.transform;

import java.util.Random;

/**
 * A square or rectangular crop of a (resized) frame, and the reference's two ways to place it.
 *
 * @param x left column
 * @param y top row
 * @param width columns
 * @param height rows
 */
public record CropBox(int x, int y, int width, int height) {
    /** Validates the box. */
    public CropBox {
        if (x < 0 || y < 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("bad crop " + x + "," + y + " " + width + "x" + height);
        }
    }

    /**
     * PySlowFast's {@code random_crop}: offsets drawn from {@code [0, dim − size)} (the last
     * offset is never chosen), 0 when the frame is exactly the crop size.
     *
     * @param frameWidth width of the resized frame
     * @param frameHeight height of the resized frame
     * @param size crop side
     * @param random the random source
     * @return the crop
     */
    public static CropBox random(int frameWidth, int frameHeight, int size, Random random) {
        checkFits(frameWidth, frameHeight, size);
        int x = frameWidth > size ? random.nextInt(frameWidth - size) : 0;
        int y = frameHeight > size ? random.nextInt(frameHeight - size) : 0;
        return new CropBox(x, y, size, size);
    }

    /**
     * PySlowFast's {@code uniform_crop}: the short side centred, the long side at the start
     * (index 0), centre (1, offset {@code ceil((dim − size)/2)}) or end (2).
     *
     * @param frameWidth width of the resized frame
     * @param frameHeight height of the resized frame
     * @param size crop side
     * @param index 0, 1 or 2
     * @return the crop
     */
    public static CropBox uniform(int frameWidth, int frameHeight, int size, int index) {
        checkFits(frameWidth, frameHeight, size);
        if (index < 0 || index > 2) {
            throw new IllegalArgumentException("uniform crop index must be 0, 1 or 2, got " + index);
        }
        int y = (frameHeight - size + 1) / 2;
        int x = (frameWidth - size + 1) / 2;
        if (frameHeight > frameWidth) {
            y = index == 0 ? 0 : index == 2 ? frameHeight - size : y;
        } else {
            x = index == 0 ? 0 : index == 2 ? frameWidth - size : x;
        }
        return new CropBox(x, y, size, size);
    }

    private static void checkFits(int w, int h, int size) {
        if (size <= 0 || size > w || size > h) {
            throw new IllegalArgumentException("a " + size + " crop does not fit a " + w + "x" + h + " frame");
        }
    }
}
