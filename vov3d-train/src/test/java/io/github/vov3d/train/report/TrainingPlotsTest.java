package io.github.vov3d.train.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingPlotsTest {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int ITERS = 20;

    @TempDir
    Path dir;

    private static MetricRecord rec(String phase, int epoch, long it, Object... kv) {
        Map<String, Double> v = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            v.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        }
        return new MetricRecord(phase, epoch, it, v, Instant.ofEpochSecond(1_700_000_000L + it));
    }

    /** 3 epochs of per-iteration train records, with validation after each epoch if asked. */
    private static List<MetricRecord> run(boolean withVal) {
        List<MetricRecord> records = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
            for (int i = 0; i < ITERS; i++) {
                long it = (long) e * ITERS + i;
                records.add(rec("train", e, it, "loss", 3.0 / (1 + it * 0.1), "lr",
                        0.1 * Math.cos(it / 60.0), "top1", it / 80.0, "top5", it / 65.0,
                        "clips_per_s", 12.5));
            }
            if (withVal) {
                records.add(rec("val", e, (e + 1L) * ITERS, "loss", 2.0 - e * 0.3,
                        "top1", 0.3 + e * 0.1, "top5", 0.6 + e * 0.1));
            }
        }
        return records;
    }

    private static void assertValidPng(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(bytes.length > PNG_MAGIC.length, file + " is empty");
        byte[] head = new byte[PNG_MAGIC.length];
        System.arraycopy(bytes, 0, head, 0, head.length);
        assertArrayEquals(PNG_MAGIC, head, file + " does not start with the PNG signature");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " cannot be decoded");
        assertTrue(image.getWidth() > 0 && image.getHeight() > 0);
    }

    @Test
    void trainAndValRunGivesThreeReadablePngs() throws IOException {
        Path out = dir.resolve("checkpoints");
        List<Path> files = TrainingPlots.write(run(true), out, ITERS);
        assertEquals(List.of(out.resolve("loss.png"), out.resolve("accuracy.png"),
                out.resolve("lr.png")), files);
        for (Path f : files) {
            assertValidPng(f);
        }
    }

    @Test
    void perEpochAxisAndRedrawLeaveNoTemporaryFiles() throws IOException {
        TrainingPlots.write(run(true), dir);
        List<Path> files = TrainingPlots.write(run(true), dir);
        assertEquals(3, files.size());
        for (Path f : files) {
            assertValidPng(f);
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(3, s.count(), "only the three PNGs remain");
        }
    }

    @Test
    void runWithoutValidationStillPlotsTrainCurves() throws IOException {
        List<Path> files = TrainingPlots.write(run(false), dir, ITERS);
        assertEquals(3, files.size());
        for (Path f : files) {
            assertValidPng(f);
        }
    }

    @Test
    void chartsWithNothingToShowAreNotWritten() throws IOException {
        List<MetricRecord> lossOnly = List.of(rec("train", 0, 0, "loss", 2.0, "lr", 0.1),
                rec("train", 0, 1, "loss", Double.NaN, "lr", 0.1));
        List<Path> files = TrainingPlots.write(lossOnly, dir, 10);
        assertEquals(List.of(dir.resolve("loss.png"), dir.resolve("lr.png")), files);
        assertValidPng(dir.resolve("loss.png")); // a single finite point still renders
        assertTrue(Files.notExists(dir.resolve("accuracy.png")));
    }

    @Test
    void emptyRunWritesNothingAndDoesNotFail() throws IOException {
        Path out = dir.resolve("fresh");
        assertEquals(List.of(), TrainingPlots.write(List.of(), out));
        assertTrue(Files.isDirectory(out));
        assertEquals(List.of(), TrainingPlots.write(
                List.of(rec("train", 0, 0, "loss", Double.POSITIVE_INFINITY)), out));
    }

    @Test
    void invalidArguments() throws IOException {
        assertThrows(NullPointerException.class, () -> TrainingPlots.write(null, dir));
        assertThrows(NullPointerException.class, () -> TrainingPlots.write(List.of(), null));
        IllegalArgumentException ipe = assertThrows(IllegalArgumentException.class,
                () -> TrainingPlots.write(List.of(), dir, -1));
        assertTrue(ipe.getMessage().contains("iterationsPerEpoch"));
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        IOException e = assertThrows(IOException.class, () -> TrainingPlots.write(List.of(), file));
        assertTrue(e.getMessage().contains("is a file"), e.getMessage());
        List<MetricRecord> withNull = new ArrayList<>();
        withNull.add(null);
        assertThrows(NullPointerException.class, () -> TrainingPlots.write(withNull, dir));
    }
}
