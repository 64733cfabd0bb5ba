package io.github.vov3d.examples.cli;

import ai.djl.util.Progress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A download progress bar for the command line that writes to the command's own output (so
 * tests and pipes see it) and prints one line per 10% rather than redrawing a terminal line.
 */
final class PercentProgress implements Progress {
    private final PrintStream out;
    private String message = "";
    private long max = 1;
    private int lastTenth = -1;

    PercentProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void reset(String message, long max, String trailingMessage) {
        this.message = message;
        this.max = Math.max(1, max);
        this.lastTenth = -1;
    }

    @Override
    public void start(long initialProgress) {
        update(initialProgress);
    }

    @Override
    public void end() {
        if (lastTenth < 10) {
            update(max);
        }
    }

    @Override
    public void increment(long increment) {
        // only absolute updates are reported by the fetcher
    }

    @Override
    public void update(long progress, String additionalMessage) {
        int tenth = (int) Math.min(10, progress * 10 / max);
        if (tenth > lastTenth) {
            lastTenth = tenth;
            out.printf(Locale.ROOT, "%s: %3d%% (%,d of %,d bytes)%n", message, tenth * 10, Math.min(progress, max), max);
        }
    }
}
