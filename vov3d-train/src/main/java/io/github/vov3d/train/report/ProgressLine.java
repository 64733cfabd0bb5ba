package io.github.vov3d.train.report;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Formats the text of one progress line, e.g.
 * {@code epoch 3/100 [###.......] 120/400  loss 1.234  lr 0.0500  12.3 clips/s  ETA 0:05:12}.
 * Kept apart from {@link ProgressBar} so the text can be tested without clocks or streams.
 */
final class ProgressLine {

    static final int BAR_WIDTH = 10;

    private ProgressLine() {
    }

    /**
     * @param rate items per second, or NaN while unknown
     * @param time the remaining time (running) or the elapsed time (finished), null if unknown
     * @param finished whether to label {@code time} as elapsed ("took") rather than "ETA"
     */
    static String format(String label, long done, long total, Map<String, String> fields,
            double rate, String unit, Duration time, boolean finished) {
        StringBuilder sb = new StringBuilder(label).append(' ').append(bar(done, total))
                .append(' ').append(done).append('/').append(total);
        fields.forEach((k, v) -> sb.append("  ").append(k).append(' ').append(v));
        sb.append("  ").append(Double.isFinite(rate)
                ? String.format(Locale.ROOT, "%.1f", rate) : "--").append(' ').append(unit)
                .append("/s");
        sb.append("  ").append(finished ? "took " : "ETA ").append(clock(time));
        return sb.toString();
    }

    static String bar(long done, long total) {
        int filled = total == 0 ? BAR_WIDTH : (int) (BAR_WIDTH * (double) done / total);
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]";
    }

    /** {@code H:MM:SS} (hours unbounded), or {@code -:--:--} when unknown. */
    static String clock(Duration d) {
        if (d == null) {
            return "-:--:--";
        }
        long s = Math.max(0, d.toSeconds());
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
