package io.github.vov3d.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vov3d.examples.paper.TinyVideos;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vov3d test} end to end: the golden X3D-M checkpoint on tiny generated Kinetics data. */
class TestCommandTest {
    @TempDir
    Path tmp;

    @Test
    void testsACheckpointWithThePresetsViewsAndComparesWithThePaper() throws Exception {
        Path data = TinyVideos.kinetics(tmp.resolve("k400"));
        Path out = tmp.resolve("run");
        CliRun r = CliRun.of("test", "--preset", "x3d_m_k400", "--data", data.toString(), "--out", out.toString(),
                "--weights", TinyVideos.golden("x3d_m_k400/checkpoint.pth").toString(), "--device", "cpu",
                "--frames", "4", "--crop", "32", "--views", "2x3");
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().contains("testing: 100% (12 of 12 views)"), r.out());
        assertTrue(r.out().contains("x3d_m_k400: top-1 ") && r.out().contains("(paper 75.1)"), r.out());
        assertEquals(3, Files.readAllLines(out.resolve("predictions.csv")).size());
        CliRun none = CliRun.of("test", "--preset", "x3d_m_k400", "--data", data.toString(),
                "--out", tmp.resolve("empty").toString(), "--device", "cpu");
        assertEquals(1, none.status());
        assertTrue(none.err().contains("no trained checkpoint"), none.err());
    }
}
