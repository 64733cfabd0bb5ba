package io.github.vov3d.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vov3d.examples.paper.TinyVideos;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vov3d train} end to end: a preset with overrides on tiny generated Kinetics data. */
class TrainCommandTest {
    @TempDir
    Path tmp;

    @Test
    void trainsAPresetWithOverridesAndWritesACheckpoint() throws Exception {
        Path data = TinyVideos.kinetics(tmp.resolve("k400"));
        Path out = tmp.resolve("run");
        CliRun r = CliRun.of("train", "--preset", "vov3d_m_k400", "--data", data.toString(), "--out", out.toString(),
                "--device", "cpu", "--epochs", "1", "--batch", "4", "--frames", "4", "--crop", "32");
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().contains("1 epochs, 1 steps per epoch") && r.out().contains("trained epochs 1..1"), r.out());
        assertTrue(Files.isRegularFile(out.resolve("checkpoints/checkpoint_epoch_00001.pyth")));
        CliRun bad = CliRun.of("train", "--preset", "nope", "--data", data.toString());
        assertEquals(1, bad.status());
        assertTrue(bad.err().contains("x3d_m_k400"), bad.err());
        assertEquals(2, CliRun.of("train", "--data", data.toString()).status());
    }
}
