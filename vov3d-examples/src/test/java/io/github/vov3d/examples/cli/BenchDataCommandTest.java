package io.github.vov3d.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data-loading benchmark end to end ({@code vov3d bench data}, also spelled
 * {@code vov3d bench-data}) with a handful of clips and no warm-up: it generates its videos,
 * reports the per-clip breakdown and a positive rate for every variant. No timing is asserted
 * beyond "something was measured".
 */
class BenchDataCommandTest {
    private static final Pattern RATE = Pattern.compile("([0-9.]+) clips/s");

    @TempDir
    Path tmp;

    @Test
    void tinyRunMeasuresEveryVariantAndKeepsTheVideosWhenAsked() throws IOException {
        Path dir = tmp.resolve("videos");
        CliRun r = CliRun.of("bench", "data", "--clips", "4", "--threads", "2", "--warmup", "0",
                "--dir", dir.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("one thread, per clip: open"), r.out());
        Matcher m = RATE.matcher(r.out());
        int rates = 0;
        while (m.find()) {
            assertTrue(Double.parseDouble(m.group(1)) > 0, r.out());
            rates++;
        }
        assertEquals(3, rates, r.out());
        try (var files = Files.list(dir)) {
            assertEquals(8, files.filter(f -> f.toString().endsWith(".mp4")).count(), "--dir keeps the videos");
        }
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(2, CliRun.of("bench-data", "--clips", "0").status());
        assertEquals(2, CliRun.of("bench", "data", "--warmup", "-1").status());
        assertEquals(2, CliRun.of("bench-data", "--threads", "two").status());
    }
}
