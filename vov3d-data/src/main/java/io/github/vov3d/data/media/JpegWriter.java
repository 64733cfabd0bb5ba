package io.github.vov3d.data.media;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one RGB frame as a JPEG file with FFmpeg's MJPEG encoder, to build frame folders
 * (Something-Something layout) in tests and benchmarks without {@code java.desktop}.
 */
public final class JpegWriter {
    private JpegWriter() {}

    /**
     * @param frame the picture (even width and height)
     * @param file where to write it
     * @throws IOException if encoding or writing fails
     */
    public static void write(RgbFrame frame, Path file) throws IOException {
        try (FrameEncoder encoder = new FrameEncoder(VideoCodec.MJPEG, frame.width(), frame.height(), 25, 1, false, 0);
                OutputStream out = Files.newOutputStream(file)) {
            FrameEncoder.PacketSink sink = p -> {
                byte[] bytes = new byte[p.size()];
                p.data().get(bytes);
                out.write(bytes);
            };
            encoder.encode(frame, sink);
            encoder.flush(sink);
        }
    }
}
