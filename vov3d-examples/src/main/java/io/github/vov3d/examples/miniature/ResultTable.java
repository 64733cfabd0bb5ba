package io.github.vov3d.examples.miniature;

import java.util.List;
import java.util.Locale;

/** Formats the miniature experiment's results as a fixed-width table (stdout and results.txt). */
final class ResultTable {
    private ResultTable() {}

    /**
     * @param seed the run's seed
     * @param views test views per video
     * @param rows one row per model
     * @return the table with a header line, no trailing newline
     */
    static String format(long seed, int views, List<ModelResult> rows) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "%-11s %8s %7s %11s %11s %9s %9s   (seed %d)",
                "model", "params", "GMACs", "top1 1view", "top1 " + views + "view", "train c/s", "test c/s", seed));
        for (ModelResult r : rows) {
            s.append(String.format(Locale.ROOT, "%n%-11s %,8d %7.4f %10.1f%% %10.1f%% %9s %9.1f", r.model(),
                    r.parameters(), r.gigaMacs(), 100 * r.singleViewTop1(), 100 * r.multiViewTop1(),
                    Double.isNaN(r.trainClipsPerSecond()) ? "n/a"
                            : String.format(Locale.ROOT, "%.1f", r.trainClipsPerSecond()),
                    r.testClipsPerSecond()));
        }
        return s.toString();
    }
}
