package io.github.vov3d.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vov3d.api.MemoryTraffic;
import io.github.vov3d.api.ModelArchitecture;
import io.github.vov3d.blocks.network.VideoModels;
import io.github.vov3d.blocks.stats.ComplexityCounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vov3d bench} end to end on a tiny clip with one repeat: it runs both modes, the
 * training step and the breakdown (per stage and per block), and writes its report. No timing
 * is asserted.
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
        assertTrue(md.contains("Per-block eval time"), md);
        // VoV3D-M's table: the stem, its 1, 2, 3 and 2 blocks per stage, the head, in order,
        // every one timed in both modes
        String table = md.substring(md.indexOf("\nvov3d_m:\n"), md.indexOf("\nx3d_xs:\n"));
        List<String> rows = table.lines().filter(l -> l.startsWith("| s") || l.startsWith("| head"))
                .toList();
        List<String> parts = List.of("s1", "s2.res0", "s3.res0", "s3.res1", "s4.res0", "s4.res1",
                "s4.res2", "s5.res0", "s5.res1", "head");
        assertEquals(parts.size(), rows.size(), table);
        for (int i = 0; i < parts.size(); i++) {
            assertTrue(rows.get(i).startsWith("| " + parts.get(i) + " | ")
                    && rows.get(i).contains("×"), parts.get(i) + ": " + table);
        }
        assertTrue(md.lines().anyMatch(l -> l.matches("Memory bandwidth: \\d+ GB/s \\(reads \\+"
                + " writes of an in-place float32 pass over 256 MiB, best of 10\\)\\.")), md);
        // every eval measurement against its floor: the bytes of the model counted for this
        // clip and batch, a floor below both modes' times
        String floors = md.substring(md.indexOf("Memory-traffic floor of the eval passes"));
        for (ModelArchitecture model : List.of(ModelArchitecture.VOV3D_M, ModelArchitecture.X3D_XS)) {
            MemoryTraffic traffic = ComplexityCounter.traffic(VideoModels.builder(model)
                    .numClasses(400).frames(4).trainCrop(64).build(), 4, 64, 64);
            for (int batch : List.of(1, 2)) {
                String row = "| " + model.id() + " | " + batch + " | "
                        + String.format(Locale.ROOT, "%.0f", traffic.bytes(batch) / 1e6) + " | ";
                String line = floors.lines().filter(l -> l.startsWith(row)).findFirst()
                        .orElseThrow(() -> new AssertionError(row + " missing: " + floors));
                String[] cells = line.split("\\|");
                assertTrue(Double.parseDouble(cells[6].trim().replace("×", "")) > 1
                        && Double.parseDouble(cells[7].trim().replace("×", "")) > 1, line);
            }
        }
        assertTrue(md.contains("Memory guard, the straightforward pass's predicted need beside its"
                + " measured peak:"), md);
        assertTrue(md.lines().anyMatch(l -> l.startsWith("- vov3d_m eval batch 2: predicted about ")
                && l.endsWith(" MiB resident (whole process)")), md);
        assertTrue(r[1].contains(md.lines().findFirst().orElseThrow()), "report also printed");
    }

    @Test
    void aBatchThatWouldNotFitIsSkippedWithAReasonAndTheRestMeasured() throws IOException {
        Path report = tmp.resolve("speed.md");
        String[] r = run("bench", "--models", "x3d_xs", "--batches", "1,2", "--train-batch", "2",
                "--frames", "4", "--crop", "64", "--warmup", "0", "--repeats", "1",
                "--no-breakdown", "--max-memory", "1", "--output", report.toString());
        assertEquals("0", r[0], r[2]);
        String md = Files.readString(report);
        assertTrue(md.contains("| x3d_xs | eval | 1 |"), "batch 1 is always measured: " + md);
        assertTrue(!md.contains("| x3d_xs | eval | 2 |") && !md.contains("| x3d_xs | train |"), md);
        assertTrue(md.contains("Not measured, to stay within memory:"), md);
        assertTrue(md.contains("- x3d_xs eval batch 2 not measured: its straightforward pass would"
                + " take about"), md);
        assertTrue(md.contains("- x3d_xs train batch 2 not measured: its straightforward training"
                + " step would take about"), md);
        assertTrue(md.contains("--max-memory allows 1 MiB"), md);
        assertTrue(r[1].contains("x3d_xs eval batch 2 not measured"), "told as it happens: " + r[1]);
    }

    /**
     * Writes a stand-in for "python": it is handed the bundled script, the checkout and the
     * threads, logs every request to requests.log and answers with VoV3D-M's upstream parameter
     * count (400 classes); {@code onPass} runs instead of answering a pass.
     */
    private Path standIn(String onPass) throws IOException {
        Path python = tmp.resolve("python");
        Files.writeString(python, """
                #!/usr/bin/env bash
                grep -q "def serve" "$1" || { echo "not the bundled script: $1" >&2; exit 3; }
                [ "$2" = --repo ] && [ "$4" = --threads ] || { echo "arguments: $*" >&2; exit 4; }
                log="$3/requests.log"
                echo "ready 9.9-stand-in threads=$5 stand-ins=none models=vov3d_m,x3d_m"
                while read -r request; do
                  echo "$request" >> "$log"
                  case "$request" in
                    load*) echo "loaded 3667360" ;;
                    pass) PASS ;;
                    quit) exit 0 ;;
                  esac
                done
                """.replace("PASS", onPass));
        assertTrue(python.toFile().setExecutable(true));
        return python;
    }

    private String[] benchWith(Path python, String... more) {
        List<String> args = new ArrayList<>(List.of("bench", "--models", "vov3d_m", "--batches", "1",
                "--train-batch", "0", "--frames", "4", "--crop", "64", "--warmup", "0", "--repeats", "2",
                "--no-breakdown", "--pytorch", python.toString(), "--pytorch-repo", tmp.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void thePyTorchReferenceIsTimedInTheSameRun() throws IOException {
        Path report = tmp.resolve("speed.md");
        String[] r = benchWith(standIn("echo 'done 1.0'"), "--threads", "2", "--output", report.toString());
        assertEquals("0", r[0], r[2]);
        String md = Files.readString(report);
        assertTrue(md.contains("in PyTorch 9.9-stand-in threads=2 stand-ins=none"), md);
        assertTrue(md.contains("Against the upstream code in PyTorch eager"), md);
        assertTrue(md.lines().filter(l -> l.startsWith("| vov3d_m | eval | 1 |")).count() == 2,
                "a row in both tables: " + md);
        // one untimed pass (as the Java modes' peak-memory pass), then per repeat one untimed
        // pass to settle (the default --settle 1) and the timed one, then quit
        assertEquals(List.of("load vov3d_m 1 4 64", "pass", "pass", "pass", "pass", "pass", "quit"),
                Files.readAllLines(tmp.resolve("requests.log")));
        assertTrue(md.contains("each timed pass after 1 untimed pass of the same mode"), md);
    }

    @Test
    void aReferenceThatDiesMidRunEndsTheRunWithItsErrorOutput() throws IOException {
        String[] r = benchWith(standIn("echo 'MemoryError: out of memory' >&2; exit 9"));
        assertEquals("1", r[0], r[2]);
        assertTrue(r[2].contains("stopped during 'pass' (exit status 9)"), r[2]);
        assertTrue(r[2].contains("MemoryError: out of memory"), r[2]);
        assertTrue(!r[2].contains("at io.github"), "a message, not a stack trace: " + r[2]);
    }

    @Test
    void aModelTheReferenceCannotBuildIsRefusedBeforeAnythingRuns() throws IOException {
        Path python = standIn("echo 'done 1.0'");
        String[] r = run("bench", "--models", "vov3d_m,x3d_xs", "--batches", "1", "--train-batch", "0",
                "--frames", "4", "--crop", "64", "--repeats", "1", "--pytorch", python.toString(),
                "--pytorch-repo", tmp.toString());
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].contains("leave x3d_xs out of --models"), r[2]);
        assertTrue(!Files.exists(tmp.resolve("requests.log")) || !Files.readString(tmp.resolve("requests.log"))
                .contains("load"), "nothing loaded");
    }

    @Test
    void aReferenceThatBuildsAnotherNetworkStopsTheRun() throws IOException {
        Path python = tmp.resolve("python");
        Files.writeString(python, """
                #!/usr/bin/env bash
                echo "ready 9.9 threads=1 stand-ins=none models=vov3d_m"
                while read -r request rest; do
                  case "$request" in load) echo "loaded 12" ;; quit) exit 0 ;; esac
                done
                """);
        assertTrue(python.toFile().setExecutable(true));
        String[] r = benchWith(python);
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("built vov3d_m with 12 parameters, this library's has 3,667,360"), r[2]);
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals("2", run("bench", "--pytorch", "python3")[0]);
        assertEquals("2", run("bench", "--pytorch-repo", "VoV3D")[0]);
        assertEquals("2", run("bench", "--batches", "one")[0]);
        assertEquals("2", run("bench", "--repeats", "0")[0]);
        assertEquals("2", run("bench", "--models", "resnet50")[0]);
    }
}
