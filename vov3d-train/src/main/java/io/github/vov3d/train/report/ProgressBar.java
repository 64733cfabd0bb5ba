package io.github.vov3d.train.report;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A console progress line for a loop over a known number of items, showing the caller's fields
 * (loss, learning rate ...) plus the rate and the estimated time left, e.g.
 * {@code epoch 3/100 [###.......] 120/400  loss 1.234  lr 0.0500  12.3 clips/s  ETA 0:05:12}.
 *
 * <p>Why two modes: on a terminal the line is redrawn in place with {@code '\r'}; in a CI log or a
 * file every redraw would be a new line, so there a plain line is printed at most every
 * {@code minInterval} (the first update and {@link #finish} always print). The interval applies to
 * redraws in both modes, which bounds the cost of calling {@link #update} every iteration. The
 * rate is the average since {@link #start}, read from the given clock so tests can fake time.
 * Instances are thread-safe.
 */
public final class ProgressBar {

    private static final String DEFAULT_UNIT = "clips";

    private final PrintStream out;
    private final boolean interactive;
    private final Duration minInterval;
    private final Clock clock;

    private String label;
    private String unit;
    private long total;
    private long done;
    private Instant started;
    private Instant lastDraw;
    private int lastLength;
    private boolean running;

    /**
     * @param out where lines go, usually {@code System.out}
     * @param interactive whether {@code out} is a terminal (redraw in place) or a log (new lines)
     * @param minInterval the least time between two redraws, >= 0
     * @param clock the time source for the rate and ETA
     */
    public ProgressBar(PrintStream out, boolean interactive, Duration minInterval, Clock clock) {
        this.out = Objects.requireNonNull(out, "out must not be null");
        this.interactive = interactive;
        this.minInterval = Objects.requireNonNull(minInterval, "minInterval must not be null");
        if (minInterval.isNegative()) {
            throw new IllegalArgumentException("minInterval must be >= 0, got " + minInterval);
        }
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    /**
     * A bar on {@code System.out}: redrawn every 250 ms on a terminal
     * ({@code System.console() != null}), otherwise one line every 30 s.
     */
    public static ProgressBar forConsole() {
        boolean terminal = System.console() != null;
        return new ProgressBar(System.out, terminal,
                terminal ? Duration.ofMillis(250) : Duration.ofSeconds(30), Clock.systemUTC());
    }

    /** Starts a loop over {@code total} clips; see {@link #start(String, long, String)}. */
    public void start(String label, long total) {
        start(label, total, DEFAULT_UNIT);
    }

    /**
     * Starts a new loop, ending the previous line if one was left unfinished.
     *
     * @param label what the loop is, e.g. {@code "epoch 3/100"}
     * @param total how many items it has, >= 0
     * @param unit what the items are, for the rate, e.g. {@code "clips"} or {@code "it"}
     */
    public synchronized void start(String label, long total, String unit) {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("label must be non-blank, e.g. \"epoch 1/100\"");
        }
        if (total < 0) {
            throw new IllegalArgumentException("total of '" + label + "' must be >= 0, got " + total);
        }
        if (unit == null || unit.isBlank()) {
            throw new IllegalArgumentException("unit must be non-blank, e.g. \"clips\"");
        }
        if (running && interactive && lastLength > 0) {
            out.println();
        }
        this.label = label;
        this.total = total;
        this.unit = unit;
        this.done = 0;
        this.started = clock.instant();
        this.lastDraw = null;
        this.lastLength = 0;
        this.running = true;
    }

    /**
     * Records progress and redraws if {@code minInterval} has passed since the last redraw.
     *
     * @param done items completed so far, between the previous value and {@code total}
     * @param fields extra name/value pairs shown in order, e.g. {@code loss -> "1.234"}
     */
    public synchronized void update(long done, Map<String, String> fields) {
        Map<String, String> copy = checkFields(fields);
        requireRunning("update");
        if (done < this.done || done > total) {
            throw new IllegalArgumentException("done of '" + label + "' must be between "
                    + this.done + " (the previous value) and " + total + " (the total), got " + done);
        }
        this.done = done;
        Instant now = clock.instant();
        if (lastDraw != null && Duration.between(lastDraw, now).compareTo(minInterval) < 0) {
            return;
        }
        lastDraw = now;
        Duration elapsed = Duration.between(started, now);
        double rate = rate(done, elapsed);
        Duration eta = null;
        if (done == total) {
            eta = Duration.ZERO;
        } else if (rate > 0) {
            eta = Duration.ofMillis(Math.round((total - done) / rate * 1000));
        }
        draw(ProgressLine.format(label, done, total, copy, rate, unit, eta, false), false);
    }

    /**
     * Prints the final line of the loop (always, regardless of the interval) with the time it took.
     *
     * @param fields extra name/value pairs shown in order, e.g. the epoch's mean loss
     */
    public synchronized void finish(Map<String, String> fields) {
        Map<String, String> copy = checkFields(fields);
        requireRunning("finish");
        Duration elapsed = Duration.between(started, clock.instant());
        draw(ProgressLine.format(label, done, total, copy, rate(done, elapsed), unit, elapsed,
                true), true);
        running = false;
    }

    private static double rate(long done, Duration elapsed) {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds > 0 ? done / seconds : Double.NaN;
    }

    private void draw(String line, boolean last) {
        if (interactive) {
            String pad = " ".repeat(Math.max(0, lastLength - line.length()));
            out.print("\r" + line + pad + (last ? System.lineSeparator() : ""));
            lastLength = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    private void requireRunning(String method) {
        if (!running) {
            throw new IllegalStateException("ProgressBar." + method + " called with no loop"
                    + " running; call start(label, total) first");
        }
    }

    private static Map<String, String> checkFields(Map<String, String> fields) {
        Objects.requireNonNull(fields, "fields must not be null (pass Map.of())");
        Map<String, String> copy = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (k == null || k.isBlank() || v == null) {
                throw new IllegalArgumentException(
                        "progress fields need non-blank names and non-null values, got " + fields);
            }
            copy.put(k, v);
        });
        return copy;
    }
}
