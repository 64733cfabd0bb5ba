package io.github.vov3d.examples.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Renders benchmark results as Markdown: one row per model, task and batch with both modes side
 * by side and their ratio (straightforward time / fast time), then, when the run timed the
 * PyTorch reference, the three modes against it, then the per-stage breakdown.
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
                    millis(fast), ratio(slow, fast),
                    slow.clipsPerSecond(),
                    fast.map(f -> String.format(Locale.ROOT, "%.2f", f.clipsPerSecond())).orElse("—"),
                    rates(slow, fast), mib(slow), fast.map(SpeedTable::mib).orElse("—")));
        }
        appendPyTorch(s, results);
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

    /** The upstream code in PyTorch eager beside both modes: what each is worth against it. */
    private static void appendPyTorch(StringBuilder s, List<SpeedResult> results) {
        List<SpeedResult> references = results.stream().filter(r -> r.mode().equals("pytorch")).toList();
        if (references.isEmpty()) {
            return;
        }
        s.append("\nAgainst the upstream code in PyTorch eager, same run, interleaved (ms, median;"
                + " ratio = PyTorch time / this mode's time):\n\n"
                + "| model | task | batch | PyTorch eager ms | straightforward ms | fast ms "
                + "| straightforward vs PyTorch | fast vs PyTorch |\n"
                + "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (SpeedResult py : references) {
            Optional<SpeedResult> slow = partner(results, py, "straightforward");
            Optional<SpeedResult> fast = partner(results, py, "fast");
            s.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %s | %s | %s | %s |%n",
                    py.model().id(), py.task(), py.batch(), py.millis(), millis(slow), millis(fast),
                    ratio(py, slow), ratio(py, fast)));
        }
    }

    private static String millis(Optional<SpeedResult> r) {
        return r.map(x -> String.format(Locale.ROOT, "%.0f", x.millis())).orElse("—");
    }

    private static String ratio(SpeedResult numerator, Optional<SpeedResult> r) {
        return r.map(x -> String.format(Locale.ROOT, "%.2f×", numerator.millis() / x.millis())).orElse("—");
    }

    private static Optional<SpeedResult> partner(List<SpeedResult> results, SpeedResult slow) {
        return partner(results, slow, "fast");
    }

    private static Optional<SpeedResult> partner(List<SpeedResult> results, SpeedResult of, String mode) {
        return results.stream().filter(r -> r.mode().equals(mode) && r.model() == of.model()
                && r.task().equals(of.task()) && r.batch() == of.batch()).findFirst();
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
