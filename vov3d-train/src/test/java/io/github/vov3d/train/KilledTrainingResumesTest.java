package io.github.vov3d.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vov3d.train.report.MetricRecord;
import io.github.vov3d.train.report.MetricsLog;
import io.github.vov3d.zoo.checkpoint.TorchCheckpointReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains in a child JVM, kills it with SIGKILL in the middle of an epoch, resumes here, and
 * checks that the run continues where its newest checkpoint left it and that no checkpoint on
 * disk was ever half-written.
 */
class KilledTrainingResumesTest {
    @TempDir
    Path out;

    @Test
    void aKilledRunResumesFromItsNewestCheckpoint() throws Exception {
        Process child = startChild();
        Path checkpoints = out.resolve("checkpoints");
        Path first = checkpoints.resolve("checkpoint_epoch_00001.pyth");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (!Files.exists(first) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(first), "the child never wrote its first checkpoint:\n" + output(child));
        long linesAtCheckpoint = lines(out.resolve("metrics.jsonl"));
        while (lines(out.resolve("metrics.jsonl")) < linesAtCheckpoint + 3 && child.isAlive()
                && System.nanoTime() < deadline) {
            Thread.sleep(50); // a few steps into the next epoch
        }
        assertTrue(child.isAlive(), "the child finished before it could be killed");
        child.destroyForcibly(); // SIGKILL
        child.waitFor(30, TimeUnit.SECONDS);

        List<Path> written = checkpointFiles(checkpoints);
        assertTrue(!written.isEmpty() && written.size() < CrashableTraining.EPOCHS, written.toString());
        for (Path p : written) {
            TorchCheckpointReader.read(p); // throws if half-written
        }
        int killedAfter = written.size(); // epochs completed and saved
        double lossBeforeKill = lastTrainLoss(out.resolve("metrics.jsonl"));

        ByteArrayOutputStream console = new ByteArrayOutputStream();
        TrainingSummary resumed = CrashableTraining.run(out, new PrintStream(console, true, StandardCharsets.UTF_8));
        assertEquals(written.get(written.size() - 1), resumed.resumedFrom().orElseThrow());
        assertEquals(killedAfter, resumed.firstEpoch(), "continues after the newest checkpoint");
        assertEquals(CrashableTraining.EPOCHS - 1, resumed.lastEpoch());
        assertEquals((long) CrashableTraining.EPOCHS * 8, resumed.iterations(), "schedule position carried over");
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("resuming from"));
        for (Path p : checkpointFiles(checkpoints)) {
            TorchCheckpointReader.read(p);
        }
        assertEquals(CrashableTraining.EPOCHS, checkpointFiles(checkpoints).size());
        List<MetricRecord> log = MetricsLog.read(out.resolve("metrics.jsonl"));
        double firstLoss = log.get(0).values().get("loss");
        double afterResume = log.stream().filter(r -> r.phase().equals("train") && r.epoch() == killedAfter)
                .findFirst().orElseThrow().values().get("loss");
        assertTrue(afterResume < firstLoss && Math.abs(afterResume - lossBeforeKill) < 0.5,
                "loss restarted: first " + firstLoss + ", before kill " + lossBeforeKill + ", after resume " + afterResume);
    }

    private Process startChild() throws IOException {
        List<String> path = new ArrayList<>();
        for (String key : new String[] {"jdk.module.path", "java.class.path"}) {
            String value = System.getProperty(key);
            if (value != null && !value.isBlank()) {
                path.add(value);
            }
        }
        path.add(Path.of("target", "test-classes").toAbsolutePath().toString());
        path.add(Path.of("target", "classes").toAbsolutePath().toString());
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Xmx2g",
                "-cp", String.join(File.pathSeparator, path), CrashableTraining.class.getName(), out.toString());
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.resolveSibling(out.getFileName() + "-child.log").toFile()).start();
    }

    private String output(Process child) throws IOException {
        Path log = out.resolveSibling(out.getFileName() + "-child.log");
        return Files.exists(log) ? Files.readString(log) : "(no output)";
    }

    private static long lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (Stream<String> s = Files.lines(file)) {
            return s.count();
        }
    }

    private static double lastTrainLoss(Path log) throws IOException {
        List<MetricRecord> records = MetricsLog.read(log);
        for (int i = records.size() - 1; i >= 0; i--) {
            if (records.get(i).phase().equals("train") && records.get(i).values().containsKey("loss")) {
                return records.get(i).values().get("loss");
            }
        }
        throw new AssertionError("no training record in " + log);
    }

    private static List<Path> checkpointFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("checkpoint_epoch_\\d{5}\\.pyth"))
                    .sorted().toList();
        }
    }
}
