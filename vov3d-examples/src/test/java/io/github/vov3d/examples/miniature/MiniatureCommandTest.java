package io.github.vov3d.examples.miniature;

import io.github.vov3d.examples.cli.CliRun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vov3d miniature --quick} end to end, in-process: train, test, table, plots, resume. */
class MiniatureCommandTest {
    @TempDir
    Path tmp;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void theQuickJobTrainsTestsAndReportsBothModels() throws IOException {
        CliRun r = run("miniature", "--quick", "--clips", "8", "--seed", "3", "--out", tmp.toString());
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().contains("seed 3"), r.out());
        assertTrue(r.out().contains("epoch 1/1"), "progress is shown\n" + r.out());
        assertTrue(r.out().contains("testing x3d_mini on 48 views"), r.out());
        Path seed = tmp.resolve("seed-3");
        String table = Files.readString(seed.resolve("results.txt"), StandardCharsets.UTF_8);
        assertTrue(r.out().contains(table.strip()), "the table is printed\n" + r.out());
        assertTrue(table.lines().anyMatch(l -> l.startsWith("x3d_mini ")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("vov3d_mini ")), table);
        for (String model : new String[] {MiniatureModels.X3D, MiniatureModels.VOV3D}) {
            Path dir = seed.resolve(model);
            assertEquals(8 + 1, Files.readAllLines(dir.resolve("predictions.csv")).size(), model);
            assertTrue(Files.size(dir.resolve("metrics.jsonl")) > 0, model);
            for (String png : new String[] {"loss.png", "accuracy.png", "lr.png"}) {
                assertTrue(Files.size(dir.resolve("checkpoints").resolve(png)) > 1000, model + " " + png);
            }
        }

        CliRun again = run("miniature", "--quick", "--clips", "8", "--seed", "3", "--out", tmp.toString());
        assertEquals(0, again.status(), again.err());
        assertTrue(again.out().contains("resuming from"), again.out());
        assertTrue(Files.readString(seed.resolve("results.txt")).contains("n/a"), "nothing was trained again");
    }

    @Test
    void aWrongCommandLineIsExplained() {
        CliRun r = run("miniature", "--seed", "x");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--seed needs an integer"), r.err());
        assertEquals(2, run("miniature", "--epoch", "3").status());
        assertTrue(run("miniature", "--help").out().contains("--quick"));
    }
}
