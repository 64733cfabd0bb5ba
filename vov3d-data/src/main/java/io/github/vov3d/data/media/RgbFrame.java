package io.github.vov3d.data.media;

/**
 * One decoded picture as packed 8-bit RGB, row-major ({@code height × width × 3}). Plain bytes
 * rather than an NDArray so that decoding and cropping can run on worker threads without an
 * engine, and so that only the cropped pixels ever become floats.
 *
 * @param width columns
 * @param height rows
 * @param rgb {@code width·height·3} bytes, red first
 */
public record RgbFrame(int width, int height, byte[] rgb) {
    /** Checks that the buffer matches the size. */
    public RgbFrame {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive, got " + width + "x" + height);
        }
        if (rgb == null || rgb.length != width * height * 3) {
            throw new IllegalArgumentException("an RGB frame of " + width + "x" + height + " needs "
                    + width * height * 3 + " bytes, got " + (rgb == null ? "none" : rgb.length));
        }
    }

    /**
     * @param x column
     * @param y row
     * @param channel 0 red, 1 green, 2 blue
     * @return the value 0..255
     */
    public int get(int x, int y, int channel) {
        return rgb[(y * width + x) * 3 + channel] & 0xff;
    }
}
