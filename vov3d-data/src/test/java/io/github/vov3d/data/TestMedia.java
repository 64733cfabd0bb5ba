package io.github.vov3d.data;

import io.github.vov3d.data.media.JpegWriter;
import io.github.vov3d.data.media.RgbFrame;
import io.github.vov3d.data.media.VideoCodec;
import io.github.vov3d.data.media.VideoWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Synthetic media for tests: frame {@code i} shows the bits of {@code i} as ten horizontal
 * bands (white = 1), so after seeking, sampling, resizing and cropping (the full height is kept)
 * a test can read back exactly which frame it got.
 */
public final class TestMedia {
    public static final int W = 160;
    public static final int H = 120;
    public static final int BITS = 10;

    private TestMedia() {}

    public static RgbFrame frame(int index, int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            int band = y * BITS / h;
            byte v = (byte) (((index >> band) & 1) == 1 ? 235 : 20);
            for (int x = 0; x < w; x++) {
                int p = (y * w + x) * 3;
                rgb[p] = v;
                rgb[p + 1] = v;
                rgb[p + 2] = (byte) (x * 255 / w); // a ramp, so crops and flips are visible
            }
        }
        return new RgbFrame(w, h, rgb);
    }

    /** Reads the index back from a decoded frame (red channel at the band centres). */
    public static int index(RgbFrame f) {
        int i = 0;
        for (int b = 0; b < BITS; b++) {
            int y = (int) ((b + 0.5) * f.height() / BITS);
            if (f.get(f.width() / 2, y, 0) > 128) {
                i |= 1 << b;
            }
        }
        return i;
    }

    /** Reads the index of frame t from a normalised C×T×H×W clip (value > 0 means bright). */
    public static int index(float[] clip, int frames, int h, int w, int t) {
        int i = 0;
        for (int b = 0; b < BITS; b++) {
            int y = (int) ((b + 0.5) * h / BITS);
            if (clip[t * h * w + y * w + w / 2] > 0) {
                i |= 1 << b;
            }
        }
        return i;
    }

    public static int[] indices(float[] clip, int frames, int h, int w) {
        int[] out = new int[frames];
        for (int t = 0; t < frames; t++) {
            out[t] = index(clip, frames, h, w, t);
        }
        return out;
    }

    public static Path video(Path file, int frames, VideoCodec codec, boolean fastStart) throws IOException {
        Files.createDirectories(file.getParent());
        try (VideoWriter w = VideoWriter.builder().file(file).size(W, H).fps(30).keyFrameInterval(30)
                .codec(codec).fastStart(fastStart).open()) {
            for (int i = 0; i < frames; i++) {
                w.write(frame(i, W, H));
            }
        }
        return file;
    }

    public static Path video(Path file, int frames) throws IOException {
        return video(file, frames, VideoCodec.MPEG4, false);
    }

    /** Writes {@code <dir>/<prefix>_000001.jpg …}, frame i showing index i. */
    public static List<Path> frameFolder(Path dir, String prefix, int frames) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            Path p = dir.resolve(String.format("%s_%06d.jpg", prefix, i + 1));
            JpegWriter.write(frame(i, W, H), p);
            out.add(p);
        }
        return out;
    }

    /** Keeps the first {@code fraction} of a file's bytes. */
    public static Path truncate(Path file, double fraction) throws IOException {
        byte[] b = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(b, (int) (b.length * fraction)));
        return file;
    }

    public static Path garbage(Path file, int bytes) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] b = new byte[bytes];
        new java.util.Random(7).nextBytes(b);
        Files.write(file, b);
        return file;
    }
}
