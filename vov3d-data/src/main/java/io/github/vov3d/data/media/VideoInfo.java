package io.github.vov3d.data.media;

/**
 * What a container says about its video stream, read before any frame is decoded; samplers need
 * the frame count and rate to place their windows.
 *
 * @param frameCount frames in the stream (container count, or duration × rate when the container
 *     has none, as for most webm files)
 * @param fps average frame rate
 * @param durationSeconds stream duration
 * @param width coded width
 * @param height coded height
 * @param codec decoder name, e.g. {@code h264}
 */
public record VideoInfo(int frameCount, double fps, double durationSeconds, int width, int height, String codec) {
    /**
     * @param seconds a time from the start of the stream
     * @return the index of the frame shown at that time, clamped to the stream
     */
    public int frameAt(double seconds) {
        int i = (int) Math.floor(seconds * fps + 1e-6);
        return Math.max(0, Math.min(frameCount - 1, i));
    }
}
