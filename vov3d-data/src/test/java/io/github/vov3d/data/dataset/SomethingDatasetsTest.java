package io.github.vov3d.data.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vov3d.data.TestMedia;
import io.github.vov3d.data.check.CheckReport;
import io.github.vov3d.data.check.DatasetChecker;
import io.github.vov3d.data.media.BadInputException;
import io.github.vov3d.data.media.BadInputReason;
import io.github.vov3d.data.media.VideoCodec;
import io.github.vov3d.data.sampling.SegmentSampler;
import io.github.vov3d.data.transform.ClipTransform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Something-Something V1 and V2 layouts and the folder-per-class layout. */
class SomethingDatasetsTest {
    static final SegmentSampler SAMPLER = new SegmentSampler(8);
    @TempDir
    static Path root;

    @BeforeAll
    static void layouts() throws Exception {
        // SSv1: frames/<id>/<id>_%06d.jpg, video 3 has unreadable JPEGs
        List<String> frameList = new ArrayList<>(List.of("original_vido_id video_id frame_id path labels"));
        int[] lengths = {40, 33, 12};
        for (int v = 1; v <= 3; v++) {
            List<Path> files = TestMedia.frameFolder(root.resolve("ss1/frames/" + v), String.valueOf(v), lengths[v - 1]);
            for (int i = 0; i < files.size(); i++) {
                if (v == 3) {
                    TestMedia.garbage(files.get(i), 300);
                }
                frameList.add(v + " " + v + " " + i + " frames/" + v + "/" + files.get(i).getFileName() + " \"\"");
            }
        }
        Path ss1 = root.resolve("ss1");
        Files.writeString(ss1.resolve("something-something-v1-labels.csv"), "Pushing something\nHolding something\n");
        String annotations = "1;Pushing something\n2;Holding something\n3;Pushing something\n4;Dancing\n5;Holding something\n";
        Files.writeString(ss1.resolve("something-something-v1-train.csv"), annotations);
        Files.writeString(ss1.resolve("something-something-v1-validation.csv"), annotations);
        Files.write(ss1.resolve("train.csv"), frameList);
        Files.write(ss1.resolve("val.csv"), frameList);
        // SSv2 with webm videos
        Path ss2 = root.resolve("ss2");
        Files.createDirectories(ss2);
        Files.writeString(ss2.resolve("something-something-v2-labels.json"),
                "{\"Pushing something\": \"0\", \"Holding something\": \"1\"}");
        String videos = "[{\"id\": \"10\", \"template\": \"Pushing [something]\"},"
                + "{\"id\": \"11\", \"template\": \"Nothing [here]\"},"
                + "{\"id\": \"12\", \"template\": \"Holding [something]\"}]";
        Files.writeString(ss2.resolve("something-something-v2-train.json"), videos);
        Files.writeString(ss2.resolve("something-something-v2-validation.json"), videos);
        TestMedia.video(ss2.resolve("10.webm"), 48, VideoCodec.VP9, false);
        // SSv2 with extracted frames and a frame list
        Path ss2f = root.resolve("ss2f");
        Files.createDirectories(ss2f);
        Files.copy(ss2.resolve("something-something-v2-labels.json"), ss2f.resolve("something-something-v2-labels.json"));
        Files.writeString(ss2f.resolve("something-something-v2-validation.json"), videos);
        List<String> list2 = new ArrayList<>(List.of("original_vido_id video_id frame_id path labels"));
        for (Path p : TestMedia.frameFolder(ss2f.resolve("10"), "10", 30)) {
            list2.add("10 10 0 10/" + p.getFileName() + " \"\"");
        }
        list2.add("12 12 0 12/12_000001.jpg \"\"");
        Files.write(ss2f.resolve("val.csv"), list2);
        Files.writeString(ss2f.resolve("something-something-v2-train.json"), "[{\"id\": \"10\", ");
        // folder-per-class
        TestMedia.video(root.resolve("folder/train/climb/v1.mp4"), 60);
        TestMedia.frameFolder(root.resolve("folder/train/climb/v2"), "f", 20);
        TestMedia.video(root.resolve("folder/train/swim/v3.mkv"), 45);
        Files.createDirectories(root.resolve("folder/train/swim/empty"));
    }

    static ClipLoader testLoader() {
        return ClipLoader.builder().sampler(SAMPLER)
                .transform(ClipTransform.testing().testScale(120).crop(120).singleCropCentre(false).build()).build();
    }

    static ClipLoader trainLoader() {
        return ClipLoader.builder().sampler(SAMPLER).transform(ClipTransform.training().jitter(120, 150).crop(112)
                .flip(false).inverseUniform(true).build()).build();
    }

    @Test
    void ssv1TestViewsAreTheDeterministicSegmentFrames() throws Exception {
        VideoIndex index = SomethingV1Index.read(root.resolve("ss1"), Split.TEST, root.resolve("ss1"));
        assertEquals(List.of("1", "2", "3"), index.entries().stream().map(VideoEntry::id).toList());
        assertEquals(List.of(BadInputReason.UNKNOWN_LABEL, BadInputReason.MISSING_FILE),
                index.rejected().stream().map(BadInputException::reason).toList());
        VideoIndex good = new VideoIndex(index.entries().subList(0, 2), List.of());
        VideoClipDataset ds = VideoClipDataset.builder().index(good).loader(testLoader()).views(2, 1).build();
        for (long i = 0; i < ds.size(); i++) {
            ViewKey k = ds.viewKey(i);
            int frames = k.video() == 0 ? 40 : 33;
            Clip c = ds.loadClip(i);
            assertArrayEquals(SAMPLER.testIndices(frames, k.view(), 2), TestMedia.indices(c.data(), 8, 120, 120));
        }
        assertEquals(1, ds.viewKey(1).view());
        VideoClipDataset bad = VideoClipDataset.builder().index(new VideoIndex(index.entries(), List.of()))
                .loader(testLoader()).build();
        assertEquals(BadInputReason.BAD_IMAGE, assertThrows(BadInputException.class, () -> bad.loadClip(2)).reason());
    }

    @Test
    void ssv1TrainingSkipsUnreadableJpegsAndCounts() throws Exception {
        VideoClipDataset ds = VideoClipDataset.builder()
                .index(SomethingV1Index.read(root.resolve("ss1"), Split.TRAIN, root.resolve("ss1")))
                .loader(trainLoader()).build();
        for (int round = 0; round < 3; round++) {
            for (long i = 0; i < ds.size(); i++) {
                assertTrue(ds.loadClip(i).label() >= 0);
            }
        }
        assertTrue(ds.badInputs().count(BadInputReason.BAD_IMAGE) >= 3, ds.badInputs().snapshot().toString());
        assertEquals(1, ds.badInputs().count(BadInputReason.UNKNOWN_LABEL));
        assertEquals(1, ds.badInputs().count(BadInputReason.MISSING_FILE));
    }

    @Test
    void ssv2ReadsWebmAndFrameFolders() throws Exception {
        VideoIndex webm = SomethingV2Index.read(root.resolve("ss2"), Split.VAL, root.resolve("ss2"));
        assertEquals(List.of("10", "12"), webm.entries().stream().map(VideoEntry::id).toList());
        assertEquals(0, webm.entries().get(0).label());
        assertEquals(1, webm.entries().get(1).label());
        assertEquals(BadInputReason.UNKNOWN_LABEL, webm.rejected().get(0).reason());
        VideoClipDataset ds = VideoClipDataset.builder().index(new VideoIndex(webm.entries(), List.of()))
                .loader(testLoader()).build();
        assertArrayEquals(SAMPLER.testIndices(48, 0, 1), TestMedia.indices(ds.loadClip(0).data(), 8, 120, 120));
        assertEquals(BadInputReason.MISSING_FILE, assertThrows(BadInputException.class, () -> ds.loadClip(1)).reason());

        VideoIndex frames = SomethingV2Index.read(root.resolve("ss2f"), Split.TEST, root.resolve("ss2f"));
        assertTrue(frames.entries().get(0).source() instanceof VideoSource.FrameFolder);
        VideoClipDataset fds = VideoClipDataset.builder().index(new VideoIndex(frames.entries(), List.of()))
                .loader(testLoader()).build();
        assertArrayEquals(SAMPLER.testIndices(30, 0, 1), TestMedia.indices(fds.loadClip(0).data(), 8, 120, 120));
        assertEquals(BadInputReason.MISSING_FILE, assertThrows(BadInputException.class, () -> fds.loadClip(1)).reason());
        assertEquals(BadInputReason.UNREADABLE, assertThrows(BadInputException.class,
                () -> SomethingV2Index.read(root.resolve("ss2f"), Split.TRAIN, root)).reason());
    }

    @Test
    void folderPerClassMixesFilesAndFrameFolders() throws Exception {
        VideoIndex index = FolderIndex.read(root.resolve("folder"), Split.TRAIN);
        assertEquals(List.of("climb", "swim"), FolderIndex.classes(root.resolve("folder"), Split.TRAIN));
        assertEquals(List.of(0, 0, 1, 1), index.entries().stream().map(VideoEntry::label).toList());
        VideoClipDataset ds = VideoClipDataset.builder().index(index).loader(testLoader())
                .policy(BadInputPolicy.FAIL_FAST).build();
        assertArrayEquals(SAMPLER.testIndices(20, 0, 1), TestMedia.indices(ds.loadClip(1).data(), 8, 120, 120));
        assertEquals(BadInputReason.NO_FRAMES, assertThrows(BadInputException.class, () -> ds.loadClip(2)).reason());
        CheckReport r = new DatasetChecker(2, Duration.ofSeconds(20)).check(index);
        assertEquals(1, r.problems().size());
        assertEquals(BadInputReason.NO_FRAMES, r.problems().get(0).reason());
    }

    @Test
    void checkerFindsUnreadableJpegs() throws Exception {
        CheckReport r = new DatasetChecker(2, Duration.ofSeconds(20))
                .check(DatasetLayout.SSV1.read(root.resolve("ss1"), Split.TRAIN));
        assertEquals(3, r.videos());
        assertEquals(1, r.byReason().get(BadInputReason.BAD_IMAGE));
        assertEquals(1, r.byReason().get(BadInputReason.UNKNOWN_LABEL));
        assertEquals(1, r.byReason().get(BadInputReason.MISSING_FILE));
    }
}
