package io.github.vov3d.data.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vov3d.data.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VideoReaderTest {
    private static final Duration T = Duration.ofSeconds(20);
    @TempDir
    static Path dir;
    static Path mp4;

    @BeforeAll
    static void make() throws Exception {
        mp4 = TestMedia.video(dir.resolve("a.mp4"), 120);
    }

    @ParameterizedTest
    @CsvSource({"mp4,MPEG4", "avi,MPEG4", "mkv,MPEG4", "webm,VP9", "mp4,H264"})
    void containersReportCountRateDurationAndSeekExactly(String ext, VideoCodec codec) throws Exception {
        Path f = TestMedia.video(dir.resolve("c-" + codec + "." + ext), 90, codec, false);
        try (VideoReader r = VideoReader.open(f, T)) {
            VideoInfo info = r.info();
            assertEquals(90, info.frameCount(), 1, info.toString());
            assertEquals(30.0, info.fps(), 0.01);
            assertEquals(3.0, info.durationSeconds(), 0.1);
            assertEquals(TestMedia.W, info.width());
            int[] want = {70, 3, 45, 89, 3, 0, 60};
            int[] got = r.read(want, DecodeSize.original()).stream().mapToInt(TestMedia::index).toArray();
            assertArrayEquals(want, got);
        }
    }

    @Test
    void seeksWhenKeyFramesAreFartherApartThanTheSeekGap() throws Exception {
        Path f = dir.resolve("longgop.mp4");
        try (VideoWriter w = VideoWriter.builder().file(f).size(TestMedia.W, TestMedia.H).keyFrameInterval(150).open()) {
            for (int i = 0; i < 300; i++) {
                w.write(TestMedia.frame(i, TestMedia.W, TestMedia.H));
            }
        }
        try (VideoReader r = VideoReader.open(f, T)) {
            int[] want = {140, 200, 299, 10};
            assertArrayEquals(want, r.read(want, DecodeSize.original()).stream().mapToInt(TestMedia::index).toArray());
        }
    }

    @Test
    void timestampsMapToFrames() throws Exception {
        try (VideoReader r = VideoReader.open(mp4, T)) {
            int[] got = r.readAt(new double[] {0.0, 1.0, 2.5, 3.99}, DecodeSize.original()).stream()
                    .mapToInt(TestMedia::index).toArray();
            assertArrayEquals(new int[] {0, 30, 75, 119}, got);
        }
    }

    @Test
    void resizesWhileDecoding() throws Exception {
        try (VideoReader r = VideoReader.open(mp4, T)) {
            RgbFrame f = r.read(new int[] {37}, DecodeSize.shortSide(60)).get(0);
            assertEquals(80, f.width());
            assertEquals(60, f.height());
            assertEquals(37, TestMedia.index(f));
        }
    }

    @Test
    void readsJpegFrames() throws Exception {
        List<Path> frames = TestMedia.frameFolder(dir.resolve("jpg"), "v", 3);
        try (VideoReader r = VideoReader.open(frames.get(2), T)) {
            assertEquals(2, TestMedia.index(r.read(new int[] {0}, DecodeSize.original()).get(0)));
        }
    }

    @Test
    void badFilesHaveReasons() throws Exception {
        assertReason(BadInputReason.MISSING_FILE, dir.resolve("nope.mp4"));
        assertReason(BadInputReason.UNREADABLE, TestMedia.garbage(dir.resolve("g.mp4"), 5000));
        Path empty = dir.resolve("empty.mp4");
        Files.write(empty, new byte[0]);
        assertReason(BadInputReason.UNREADABLE, empty);
        // moov atom at the end: a cut file cannot be opened at all
        Path cut = TestMedia.truncate(TestMedia.video(dir.resolve("cut.mp4"), 120), 0.5);
        assertReason(BadInputReason.UNREADABLE, cut);
        // moov first: the file opens but its stream ends early
        Path cutFast = TestMedia.truncate(TestMedia.video(dir.resolve("cutfast.mp4"), 120, VideoCodec.MPEG4, true), 0.4);
        assertReason(BadInputReason.TRUNCATED, cutFast);
        Path none = TestMedia.video(dir.resolve("none.mp4"), 0);
        assertReason(BadInputReason.NO_FRAMES, none);
    }

    @Test
    void decodingStopsAtTheTimeout() throws Exception {
        try (VideoReader r = VideoReader.open(mp4, Duration.ofNanos(1))) {
            BadInputException e = assertThrows(BadInputException.class, () -> r.read(new int[] {100}, DecodeSize.original()));
            assertEquals(BadInputReason.TIMEOUT, e.reason());
        }
    }

    private static void assertReason(BadInputReason reason, Path file) {
        BadInputException e = assertThrows(BadInputException.class, () -> {
            try (VideoReader r = VideoReader.open(file, T)) {
                int n = Math.max(1, r.info().frameCount());
                r.read(new int[] {0, n / 2, n - 1}, DecodeSize.original());
            }
        });
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
    }
}
