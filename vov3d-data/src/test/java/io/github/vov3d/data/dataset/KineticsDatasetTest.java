package io.github.vov3d.data.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Record;
import io.github.vov3d.data.TestMedia;
import io.github.vov3d.data.check.CheckReport;
import io.github.vov3d.data.check.DatasetChecker;
import io.github.vov3d.data.media.BadInputException;
import io.github.vov3d.data.media.BadInputReason;
import io.github.vov3d.data.media.VideoCodec;
import io.github.vov3d.data.sampling.KineticsSampler;
import io.github.vov3d.data.transform.ClipTransform;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KineticsDatasetTest {
    static final KineticsSampler SAMPLER = new KineticsSampler(4, 4, 30);
    @TempDir
    static Path root;

    @BeforeAll
    static void layout() throws Exception {
        TestMedia.video(root.resolve("videos/a.mp4"), 120);
        TestMedia.video(root.resolve("videos/b.avi"), 90);
        TestMedia.garbage(root.resolve("videos/corrupt.mp4"), 4000);
        TestMedia.truncate(TestMedia.video(root.resolve("videos/cut.mp4"), 120, VideoCodec.MPEG4, true), 0.4);
        TestMedia.video(root.resolve("videos/zero.mp4"), 0);
        Files.writeString(root.resolve("train.csv"), String.join("\n", "videos/a.mp4 0", "videos/b.avi 1",
                "videos/missing.mp4 0", "videos/corrupt.mp4 1", "videos/cut.mp4 0", "videos/zero.mp4 1",
                "videos/a.mp4 cat", "justonefield", ""));
        Files.writeString(root.resolve("test.csv"), "videos/a.mp4 0\nvideos/b.avi 1\n");
        Files.createDirectories(root.resolve("val.csv")); // a list "file" that cannot be read
    }

    static ClipLoader testLoader() {
        return ClipLoader.builder().sampler(SAMPLER)
                .transform(ClipTransform.testing().testScale(120).crop(120).build()).build();
    }

    static ClipLoader trainLoader() {
        return ClipLoader.builder().sampler(SAMPLER)
                .transform(ClipTransform.training().jitter(120, 150).crop(112).build()).build();
    }

    @Test
    void multiViewTestDecodesExactlyTheSampledFrames() throws Exception {
        VideoIndex index = KineticsIndex.read(root, Split.TEST, root, 400);
        VideoClipDataset ds = VideoClipDataset.builder().index(index).loader(testLoader()).views(2, 3).build();
        assertEquals(12, ds.size());
        assertEquals(new ViewKey("videos/b.avi", 1, 4, 1), ds.viewKey(10));
        for (long i = 0; i < ds.size(); i++) {
            Clip c = ds.loadClip(i);
            ViewKey k = ds.viewKey(i);
            int frames = k.video() == 0 ? 120 : 90;
            int[] want = SAMPLER.testIndices(frames, 30, k.view() / 3, 2);
            assertArrayEquals(want, TestMedia.indices(c.data(), 4, 120, 120), "view " + k);
            assertEquals(k.videoId(), c.videoId());
            assertEquals(k.label(), c.label());
        }
    }

    @Test
    void trainingSkipsAndCountsEveryKindOfBadInput() throws Exception {
        VideoIndex index = KineticsIndex.read(root, Split.TRAIN, root, 400);
        assertEquals(6, index.entries().size());
        VideoClipDataset ds = VideoClipDataset.builder().index(index).loader(trainLoader()).seed(3).build();
        for (int round = 0; round < 3; round++) {
            for (long i = 0; i < ds.size(); i++) {
                Clip c = ds.loadClip(i);
                assertArrayEquals(new long[] {3, 4, 112, 112}, c.shape());
            }
        }
        BadInputCounter n = ds.badInputs();
        assertEquals(1, n.count(BadInputReason.UNKNOWN_LABEL));
        assertEquals(1, n.count(BadInputReason.BAD_LIST_LINE));
        for (BadInputReason r : List.of(BadInputReason.MISSING_FILE, BadInputReason.UNREADABLE,
                BadInputReason.TRUNCATED, BadInputReason.NO_FRAMES)) {
            assertTrue(n.count(r) >= 3, r + " seen " + n.count(r) + " times: " + n.snapshot());
        }
    }

    @Test
    void failFastThrowsTheFirstProblemWithFileAndReason() throws Exception {
        VideoIndex index = KineticsIndex.read(root, Split.TRAIN, root, 400);
        BadInputException e = assertThrows(BadInputException.class, () -> VideoClipDataset.builder().index(index)
                .loader(trainLoader()).policy(BadInputPolicy.FAIL_FAST).build());
        assertEquals(BadInputReason.UNKNOWN_LABEL, e.reason());
        assertTrue(e.getMessage().contains("train.csv") && e.getMessage().contains("line 7"), e.getMessage());
        VideoClipDataset ds = VideoClipDataset.builder().index(new VideoIndex(index.entries(), List.of()))
                .loader(trainLoader()).policy(BadInputPolicy.FAIL_FAST).build();
        Map<Long, BadInputReason> expected = Map.of(2L, BadInputReason.MISSING_FILE, 3L, BadInputReason.UNREADABLE,
                5L, BadInputReason.NO_FRAMES);
        expected.forEach((i, reason) -> assertEquals(reason,
                assertThrows(BadInputException.class, () -> ds.loadClip(i)).reason()));
        // a file cut mid-stream may lose every decodable frame before the sampled window:
        // FFmpeg then reports no frames rather than a truncation; both are the right diagnosis
        BadInputReason truncated = assertThrows(BadInputException.class, () -> ds.loadClip(4L)).reason();
        assertTrue(truncated == BadInputReason.TRUNCATED || truncated == BadInputReason.NO_FRAMES,
                truncated.toString());
        assertThrows(IllegalArgumentException.class, () -> VideoClipDataset.builder().index(index)
                .loader(testLoader()).policy(BadInputPolicy.SKIP).build());
    }

    @Test
    void unreadableListFilesAreReported() {
        assertEquals(BadInputReason.UNREADABLE,
                assertThrows(BadInputException.class, () -> KineticsIndex.read(root, Split.VAL, root, 0)).reason());
        assertEquals(BadInputReason.MISSING_FILE, assertThrows(BadInputException.class,
                () -> KineticsIndex.read(root.resolve("nowhere"), Split.TRAIN, root, 0)).reason());
    }

    @Test
    void checkerListsEveryBadFile() throws Exception {
        CheckReport r = new DatasetChecker(2, Duration.ofSeconds(20)).check(DatasetLayout.KINETICS.read(root, Split.TRAIN));
        assertEquals(6, r.videos());
        Map<BadInputReason, Integer> by = r.byReason();
        for (BadInputReason reason : List.of(BadInputReason.MISSING_FILE, BadInputReason.UNREADABLE,
                BadInputReason.TRUNCATED, BadInputReason.NO_FRAMES, BadInputReason.UNKNOWN_LABEL,
                BadInputReason.BAD_LIST_LINE)) {
            assertEquals(1, by.get(reason), reason + " in " + by);
        }
        assertEquals(6, r.problems().size());
    }

    @Test
    void prefetcherKeepsOrderAndReportsProblems() throws Exception {
        VideoClipDataset ds = VideoClipDataset.builder().index(KineticsIndex.read(root, Split.TEST, root, 0))
                .loader(testLoader()).views(2, 3).build();
        long[] order = LongStream.range(0, ds.size()).map(i -> ds.size() - 1 - i).toArray();
        try (ClipPrefetcher p = new ClipPrefetcher(ds, order, 2, 3, Duration.ofSeconds(30))) {
            for (long i : order) {
                assertEquals((int) (i % 6), p.next().view());
            }
            assertTrue(!p.hasNext());
        }
        VideoIndex bad = new VideoIndex(List.of(new VideoEntry("m", new VideoSource.VideoFile(root.resolve("no.mp4")), 0)), List.of());
        VideoClipDataset failing = VideoClipDataset.builder().index(bad).loader(testLoader()).build();
        try (ClipPrefetcher p = new ClipPrefetcher(failing, new long[] {0}, 1, 1, Duration.ofSeconds(30))) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, p::next);
            assertEquals(BadInputReason.MISSING_FILE, ((BadInputException) e.getCause()).reason());
        }
    }

    @Test
    void recordsBatchToNcthw() throws Exception {
        VideoClipDataset ds = VideoClipDataset.builder().index(KineticsIndex.read(root, Split.TEST, root, 0))
                .loader(testLoader()).views(1, 1).setSampling(2, false).build();
        try (NDManager m = NDManager.newBaseManager()) {
            Record r = ds.get(m, 1);
            assertArrayEquals(new long[] {3, 4, 120, 120}, r.getData().head().getShape().getShape());
            for (Batch b : ds.getData(m)) {
                assertArrayEquals(new long[] {2, 3, 4, 120, 120}, b.getData().head().getShape().getShape());
                b.close();
            }
        }
    }
}
