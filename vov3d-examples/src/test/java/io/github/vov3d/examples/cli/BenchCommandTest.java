package io.github.vov3d.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vov3d bench} end to end on a tiny clip with one repeat: it runs both modes, the
 * training step and the breakdown, and writes its report. No timing is asserted.
 */
class BenchCommandTest {
    @TempDir
    Path tmp;

    private static String[] run(String... args) {
        CliRun r = CliRun.of(args);
        return new String[] {Integer.toString(r.status()), r.out(), r.err()};
    }

    @Test
    void tinyRunReportsBothModesTrainingAndStages() throws IOException {
        Path report = tmp.resolve("speed.md");
        String[] r = run("bench", "--models", "vov3d_m,x3d_xs", "--batches", "1,2",
                "--train-batch", "1", "--frames", "4", "--crop", "64", "--warmup", "0",
                "--repeats", "1", "--output", report.toString());
        assertEquals("0", r[0], r[2]);
        String md = Files.readString(report);
        assertTrue(md.contains("| vov3d_m | eval | 1 |"), md);
        assertTrue(md.contains("| x3d_xs | eval | 2 |"), md);
        assertTrue(md.contains("| vov3d_m | train | 1 |"), md);
        assertTrue(md.lines().anyMatch(l -> l.startsWith("| vov3d_m | train | 1 |") && l.contains("×")), "training has a fast form: " + md);
        assertTrue(md.contains("Per-stage eval time"), md);
        assertTrue(md.contains("| s1 | s2 | s3 | s4 | s5 | head |"), md);
        assertTrue(r[1].contains(md.lines().findFirst().orElseThrow()), "report also printed");
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals("2", run("bench", "--batches", "one")[0]);
        assertEquals("2", run("bench", "--repeats", "0")[0]);
        assertEquals("2", run("bench", "--models", "resnet50")[0]);
    }
}
