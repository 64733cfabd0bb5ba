package io.github.vov3d.train.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {

    @TempDir
    Path dir;

    private static MetricRecord record(long iteration, double loss) {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("loss", loss);
        v.put("lr", 0.1);
        return new MetricRecord("train", 0, iteration, v, Instant.ofEpochSecond(1_700_000_000L));
    }

    private Path logWith(int n) throws IOException {
        Path file = dir.resolve("run/metrics.jsonl");
        try (MetricsLog log = MetricsLog.open(file)) {
            for (int i = 0; i < n; i++) {
                log.append(record(i, i + 0.5));
            }
        }
        return file;
    }

    private static void appendRaw(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }

    @Test
    void tornLastLineIsIgnoredByReadAndTrimmedByOpen() throws IOException {
        Path file = logWith(3);
        appendRaw(file, "{\"phase\":\"train\",\"epoch\":0,\"itera".getBytes(StandardCharsets.UTF_8));
        assertEquals(3, MetricsLog.read(file).size());
        try (MetricsLog log = MetricsLog.open(file)) {
            log.append(record(3, 9.0));
        }
        List<MetricRecord> all = MetricsLog.read(file);
        assertEquals(List.of(record(0, 0.5), record(1, 1.5), record(2, 2.5), record(3, 9.0)), all);
        List<String> lines = Files.readAllLines(file);
        assertEquals(4, lines.size());
        assertTrue(lines.stream().allMatch(l -> l.startsWith("{") && l.endsWith("}")));
    }

    @Test
    void tornInsideAMultiByteCharacterIsTrimmed() throws IOException {
        Path file = logWith(1);
        byte[] full = MetricJson.encode(new MetricRecord("val", 0, 1, Map.of("漢", 1.0),
                Instant.EPOCH)).getBytes(StandardCharsets.UTF_8);
        int cut = new String(full, StandardCharsets.UTF_8).indexOf('漢') + 1; // mid character
        byte[] torn = new byte[cut];
        System.arraycopy(full, 0, torn, 0, cut);
        appendRaw(file, torn);
        assertEquals(1, MetricsLog.read(file).size());
        try (MetricsLog log = MetricsLog.open(file)) {
            log.append(record(7, 7.0));
        }
        assertEquals(List.of(record(0, 0.5), record(7, 7.0)), MetricsLog.read(file));
    }

    @Test
    void wholeRecordMissingOnlyItsNewlineIsKept() throws IOException {
        Path file = logWith(1);
        appendRaw(file, MetricJson.encode(record(1, 1.5)).getBytes(StandardCharsets.UTF_8));
        assertEquals(2, MetricsLog.read(file).size());
        try (MetricsLog log = MetricsLog.open(file)) {
            log.append(record(2, 2.5));
        }
        assertEquals(List.of(record(0, 0.5), record(1, 1.5), record(2, 2.5)),
                MetricsLog.read(file));
    }

    @Test
    void nulBytesLeftByACrashAreTrimmed() throws IOException {
        Path file = logWith(2);
        appendRaw(file, new byte[64]);
        assertEquals(2, MetricsLog.read(file).size());
        try (MetricsLog log = MetricsLog.open(file)) {
            log.append(record(2, 2.5));
        }
        assertEquals(3, MetricsLog.read(file).size());
    }

    @Test
    void onlyATornLineIsTrimmedToAnEmptyLog() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        Files.writeString(file, "{\"pha");
        assertEquals(List.of(), MetricsLog.read(file));
        MetricsLog.open(file).close();
        assertEquals(0, Files.size(file));
    }

    @Test
    void refusesToTouchAFileThatIsNotALog() throws IOException {
        Path file = dir.resolve("model.params");
        byte[] bytes = {'P', 'K', 3, 4, '\n', 9, 9, 9};
        Files.write(file, bytes);
        IOException e = assertThrows(IOException.class, () -> MetricsLog.open(file));
        assertTrue(e.getMessage().contains("does not look like a metrics log"), e.getMessage());
        assertArrayEquals(bytes, Files.readAllBytes(file));
    }

    @Test
    void aCorruptLineBeforeTheEndIsAnErrorNamingTheLine() throws IOException {
        Path file = logWith(1);
        appendRaw(file, "not json\n".getBytes(StandardCharsets.UTF_8));
        try (MetricsLog log = MetricsLog.open(file)) {
            log.append(record(1, 1.0));
        }
        IOException e = assertThrows(IOException.class, () -> MetricsLog.read(file));
        assertTrue(e.getMessage().contains("metrics.jsonl:2:"), e.getMessage());
    }

    @Test
    void specialValuesAreWrittenAsBareWordsAndReadBack() throws IOException {
        Path file = dir.resolve("m.jsonl");
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("loss", Double.NaN);
        v.put("grad", Double.POSITIVE_INFINITY);
        v.put("min", Double.NEGATIVE_INFINITY);
        MetricRecord r = new MetricRecord("train", 2, 99, v, Instant.parse("2024-01-01T00:00:00.123456789Z"));
        try (MetricsLog log = MetricsLog.open(file)) {
            log.append(r);
            log.sync();
        }
        String text = Files.readString(file);
        assertTrue(text.contains("NaN") && text.contains("-Infinity"), text);
        assertEquals(List.of(r), MetricsLog.read(file));
    }

    @Test
    void blankLinesAreSkipped() throws IOException {
        Path file = logWith(1);
        appendRaw(file, "\n  \n".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, MetricsLog.read(file).size());
    }

    @Test
    void secondWriterIsRefusedWhileTheFirstIsOpen() throws IOException {
        Path file = dir.resolve("m.jsonl");
        try (MetricsLog first = MetricsLog.open(file)) {
            IOException e = assertThrows(IOException.class, () -> MetricsLog.open(file));
            assertTrue(e.getMessage().contains("already open"), e.getMessage());
            first.append(record(0, 1));
        }
        MetricsLog.open(file).close(); // the lock is released on close
    }

    @Test
    void invalidUse() throws IOException {
        assertThrows(NullPointerException.class, () -> MetricsLog.open(null));
        assertThrows(NullPointerException.class, () -> MetricsLog.read(null));
        IOException isDir = assertThrows(IOException.class, () -> MetricsLog.open(dir));
        assertTrue(isDir.getMessage().contains("is a directory"), isDir.getMessage());
        assertThrows(java.nio.file.NoSuchFileException.class,
                () -> MetricsLog.read(dir.resolve("absent.jsonl")));
        MetricsLog log = MetricsLog.open(dir.resolve("m.jsonl"));
        assertThrows(NullPointerException.class, () -> log.append(null));
        log.close();
        log.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class,
                () -> log.append(record(0, 1)));
        assertTrue(closed.getMessage().contains("closed"));
    }

    @Test
    void appendsFromSeveralThreadsStayWholeLines() throws Exception {
        Path file = dir.resolve("m.jsonl");
        try (MetricsLog log = MetricsLog.open(file)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int base = t * 1000;
                threads.add(new Thread(() -> {
                    for (int i = 0; i < 50; i++) {
                        try {
                            log.append(record(base + i, i));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
        }
        assertEquals(200, MetricsLog.read(file).size());
    }
}
