package io.github.vov3d.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    /** A clock the test moves by hand. */
    static final class FakeClock extends Clock {
        private Instant now = Instant.parse("2024-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final FakeClock clock = new FakeClock();

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private List<String> lines() {
        return output().lines().toList();
    }

    private static Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("loss", "1.234");
        f.put("lr", "0.0500");
        return f;
    }

    @Test
    void plainLinesAreThrottledAndShowRateAndEta() {
        ProgressBar bar = new ProgressBar(out, false, Duration.ofSeconds(10), clock);
        bar.start("epoch 3/100", 400);
        bar.update(0, fields());
        clock.advance(Duration.ofSeconds(5));
        bar.update(60, fields()); // within the interval: not printed
        clock.advance(Duration.ofSeconds(5));
        bar.update(120, fields());
        clock.advance(Duration.ofSeconds(1));
        bar.update(130, fields()); // within the interval again
        clock.advance(Duration.ofSeconds(22));
        bar.finish(Map.of("loss", "1.100"));
        assertEquals(List.of(
                "epoch 3/100 [..........] 0/400  loss 1.234  lr 0.0500  -- clips/s  ETA -:--:--",
                // 120 clips in 10 s = 12/s; 280 left / 12 per s = 23.3 s
                "epoch 3/100 [###.......] 120/400  loss 1.234  lr 0.0500  12.0 clips/s  ETA 0:00:23",
                "epoch 3/100 [###.......] 130/400  loss 1.100  3.9 clips/s  took 0:00:33"),
                lines());
        assertFalse(output().contains("\r"));
    }

    @Test
    void etaIsShownInHoursMinutesSeconds() {
        ProgressBar bar = new ProgressBar(out, false, Duration.ZERO, clock);
        bar.start("epoch 1/1", 10_000, "it");
        clock.advance(Duration.ofSeconds(2));
        bar.update(2, Map.of());
        bar.update(10_000, Map.of());
        assertEquals(List.of("epoch 1/1 [..........] 2/10000  1.0 it/s  ETA 2:46:38",
                "epoch 1/1 [##########] 10000/10000  5000.0 it/s  ETA 0:00:00"), lines());
        assertEquals("101:00:05", ProgressLine.clock(Duration.ofSeconds(101 * 3600 + 5)));
    }

    @Test
    void terminalRedrawsInPlaceAndEndsWithANewline() {
        ProgressBar bar = new ProgressBar(out, true, Duration.ZERO, clock);
        bar.start("val", 2);
        clock.advance(Duration.ofSeconds(1));
        bar.update(1, Map.of("loss", "10.000"));
        clock.advance(Duration.ofSeconds(1));
        bar.update(2, Map.of("loss", "1"));
        bar.finish(Map.of());
        String text = output();
        String first = "val [#####.....] 1/2  loss 10.000  1.0 clips/s  ETA 0:00:01";
        String second = "val [##########] 2/2  loss 1  1.0 clips/s  ETA 0:00:00";
        String last = "val [##########] 2/2  1.0 clips/s  took 0:00:02";
        assertEquals("\r" + first + "\r" + second + " ".repeat(first.length() - second.length())
                + "\r" + last + " ".repeat(second.length() - last.length())
                + System.lineSeparator(), text);
    }

    @Test
    void restartingAnUnfinishedTerminalLineMovesToANewLine() {
        ProgressBar bar = new ProgressBar(out, true, Duration.ZERO, clock);
        bar.start("a", 1);
        bar.update(0, Map.of());
        bar.start("b", 0);
        bar.finish(Map.of());
        assertTrue(output().contains(System.lineSeparator() + "\rb [##########] 0/0"), output());
    }

    @Test
    void invalidArgumentsAndStates() {
        assertThrows(NullPointerException.class,
                () -> new ProgressBar(null, false, Duration.ZERO, clock));
        assertThrows(IllegalArgumentException.class,
                () -> new ProgressBar(out, false, Duration.ofSeconds(-1), clock));
        assertThrows(NullPointerException.class,
                () -> new ProgressBar(out, false, Duration.ZERO, null));
        ProgressBar bar = new ProgressBar(out, false, Duration.ZERO, clock);
        IllegalStateException early = assertThrows(IllegalStateException.class,
                () -> bar.update(1, Map.of()));
        assertTrue(early.getMessage().contains("start"));
        assertThrows(IllegalStateException.class, () -> bar.finish(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> bar.start(" ", 1));
        assertThrows(IllegalArgumentException.class, () -> bar.start("x", -1));
        assertThrows(IllegalArgumentException.class, () -> bar.start("x", 1, ""));
        bar.start("epoch 1/1", 10);
        bar.update(5, Map.of());
        IllegalArgumentException back = assertThrows(IllegalArgumentException.class,
                () -> bar.update(4, Map.of()));
        assertTrue(back.getMessage().contains("between 5"), back.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bar.update(11, Map.of()));
        assertThrows(NullPointerException.class, () -> bar.update(6, null));
        Map<String, String> nullValue = new LinkedHashMap<>();
        nullValue.put("loss", null);
        assertThrows(IllegalArgumentException.class, () -> bar.update(6, nullValue));
        bar.finish(Map.of());
        assertThrows(IllegalStateException.class, () -> bar.finish(Map.of()));
    }
}
