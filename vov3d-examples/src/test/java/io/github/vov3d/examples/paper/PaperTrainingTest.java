package io.github.vov3d.examples.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paper mains end to end on tiny generated data (4 training videos, 1 epoch, 4-frame 32-pixel
 * clips): a Kinetics row (mp4), a Something-Something V2 row from scratch on the webm files as
 * the dataset ships, and a Something-Something V2 row (frame folders) fine-tuned from the golden
 * Kinetics-400 checkpoint.
 */
class PaperTrainingTest {
    @TempDir
    Path tmp;

    private static void assertTrainedAndTested(PaperRun r, String row, double paperTop1, Path out) {
        assertEquals(0, r.status(), r.err() + "\n" + r.out());
        assertTrue(r.out().contains("clips/s") || r.out().contains("loss"), "no training progress:\n" + r.out());
        assertTrue(r.out().contains("testing: 100%"), "no test progress:\n" + r.out());
        assertTrue(r.out().contains(row + ": top-1 ") && r.out().contains("(paper " + paperTop1 + ")"), r.out());
        assertTrue(Files.isRegularFile(out.resolve("predictions.csv")));
        assertTrue(Files.isDirectory(out.resolve("checkpoints")));
    }

    @Test
    void aKineticsRowTrainsAndTestsWithMultipleViews() throws Exception {
        Path data = TinyVideos.kinetics(tmp.resolve("k400"));
        Path out = tmp.resolve("run");
        PaperRun r = PaperRun.tiny(X3dMKinetics400.ROW, data, out, "2x3");
        assertTrainedAndTested(r, "x3d_m_k400", 75.1, out);
        assertTrue(r.out().contains("2 videos, 2x3 views"), r.out());
        assertEquals(3, Files.readAllLines(out.resolve("predictions.csv")).size());
    }

    @Test
    void aSomethingV2RowTrainsOnTheShippedWebmFiles() throws Exception {
        Path data = TinyVideos.somethingV2Webm(tmp.resolve("ssv2-webm"));
        Path out = tmp.resolve("run");
        PaperRun r = PaperRun.tiny(X3dMSomethingV2.ROW, data, out, "1x3");
        assertTrainedAndTested(r, "x3d_m_ssv2", 63.1, out);
        assertTrue(r.out().contains("6 videos, 1x3 views"), r.out());
        assertEquals(7, Files.readAllLines(out.resolve("predictions.csv")).size());
    }

    @Test
    void aFineTunedRowStartsFromAKineticsCheckpoint() throws Exception {
        Path data = TinyVideos.something(tmp.resolve("ssv2"), 2);
        Path out = tmp.resolve("run");
        Path k400 = TinyVideos.golden("vov3d_m_k400/checkpoint.pth");
        PaperRun r = PaperRun.tiny(VoV3dMSomethingV2F32FromK400.ROW, data, out, "1x1",
                "--pretrained", k400.toString());
        assertTrainedAndTested(r, "vov3d_m_ssv2_f32_k400", 65.8, out);
        assertTrue(r.out().contains("fine-tuned from " + k400), r.out());
    }
}
