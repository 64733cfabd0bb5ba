package io.github.vov3d.examples.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Renders benchmark results as Markdown: one row per model, task and batch with both modes side
 * by side and their ratio (straightforward time / fast time), then the per-stage breakdown.
 */
public final class SpeedTable {
    private SpeedTable() {}

    /**
     * @param results the measurements of one run
     * @return the Markdown tables
     */
    public static String markdown(List<SpeedResult> results) {
        StringBuilder s = new StringBuilder();
        s.append("| model | task | batch | straightforward ms | fast ms | speed-up | "
                + "straightforward clips/s | fast clips/s | eval GMAC/s (straightf. / fast) "
                + "| peak RSS MiB (straightf. / fast) |\n");
        s.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (SpeedResult slow : results) {
            if (!slow.mode().equals("straightforward")) {
                continue;
            }
            Optional<SpeedResult> fast = partner(results, slow);
            s.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %s | %s | %.2f | %s | %s | %s / %s |%n",
                    slow.model().id(), slow.task(), slow.batch(), slow.millis(),
                    fast.map(f -> String.format(Locale.ROOT, "%.0f", f.millis())).orElse("—"),
                    fast.map(f -> String.format(Locale.ROOT, "%.2f×", slow.millis() / f.millis()))
                            .orElse("—"),
                    slow.clipsPerSecond(),
                    fast.map(f -> String.format(Locale.ROOT, "%.2f", f.clipsPerSecond())).orElse("—"),
                    rates(slow, fast), mib(slow), fast.map(SpeedTable::mib).orElse("—")));
        }
        List<SpeedResult> staged = results.stream().filter(r -> !r.stageMillis().isEmpty()).toList();
        if (!staged.isEmpty()) {
            Set<String> stages = new LinkedHashSet<>();
            staged.forEach(r -> stages.addAll(r.stageMillis().keySet()));
            List<String> names = new ArrayList<>(stages);
            s.append("\nPer-stage eval time, batch ").append(staged.get(0).batch())
                    .append(" (ms, median; straightforward / fast):\n\n| model |");
            names.forEach(n -> s.append(' ').append(n).append(" |"));
            s.append("\n| --- |");
            names.forEach(n -> s.append(" ---: |"));
            s.append('\n');
            for (SpeedResult slow : staged) {
                if (!slow.mode().equals("straightforward")) {
                    continue;
                }
                SpeedResult fast = partner(staged, slow).orElse(null);
                s.append("| ").append(slow.model().id()).append(" |");
                for (String n : names) {
                    s.append(String.format(Locale.ROOT, " %.0f / %s |", slow.stageMillis().getOrDefault(n, 0.0),
                            fast == null ? "—" : String.format(Locale.ROOT, "%.0f",
                                    fast.stageMillis().getOrDefault(n, 0.0))));
                }
                s.append('\n');
            }
        }
        return s.toString();
    }

    private static Optional<SpeedResult> partner(List<SpeedResult> results, SpeedResult slow) {
        return results.stream().filter(r -> r.mode().equals("fast") && r.model() == slow.model()
                && r.task().equals(slow.task()) && r.batch() == slow.batch()).findFirst();
    }

    /** Arithmetic rates of eval rows; a training step's backward has no agreed MAC count. */
    private static String rates(SpeedResult slow, Optional<SpeedResult> fast) {
        if (!slow.task().equals("eval")) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.1f / %s", slow.gmacsPerSecond(),
                fast.map(f -> String.format(Locale.ROOT, "%.1f", f.gmacsPerSecond())).orElse("—"));
    }

    private static String mib(SpeedResult r) {
        return r.peakMiB().isPresent() ? Long.toString(r.peakMiB().getAsLong()) : "?";
    }
}
