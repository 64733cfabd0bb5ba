package io.github.vov3d.examples.bench;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Renders benchmark results as Markdown: one row per model, task and batch with both modes side
 * by side and their ratio (straightforward time / fast time), then, when the run timed the
 * PyTorch reference, the three modes against it, then the breakdown: per stage (one row per
 * model) and per residual block (one table per model).
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
        List<SpeedResult> broken = results.stream().filter(r -> !r.partMillis().isEmpty()
                && r.mode().equals("straightforward")).toList();
        if (!broken.isEmpty()) {
            appendStages(s, results, broken);
            appendBlocks(s, results, broken);
        }
        return s.toString();
    }

    /**
     * One row per model, one column per stage: each stage's time is the sum of its parts' (its
     * residual blocks'), the stem's and the head's their own.
     */
    private static void appendStages(StringBuilder s, List<SpeedResult> results,
            List<SpeedResult> broken) {
        Set<String> stages = new LinkedHashSet<>();
        broken.forEach(r -> stages.addAll(byStage(r.partMillis()).keySet()));
        s.append("\nPer-stage eval time, batch ").append(broken.get(0).batch())
                .append(" (ms, median, sum of the stage's blocks, the fast path compiled block by"
                        + " block; straightforward / fast):\n\n| model |");
        stages.forEach(n -> s.append(' ').append(n).append(" |"));
        s.append("\n| --- |");
        stages.forEach(n -> s.append(" ---: |"));
        s.append('\n');
        for (SpeedResult slow : broken) {
            Map<String, Double> slowStages = byStage(slow.partMillis());
            Map<String, Double> fastStages = partner(results, slow)
                    .map(f -> byStage(f.partMillis())).orElse(Map.of());
            s.append("| ").append(slow.model().id()).append(" |");
            for (String n : stages) {
                s.append(' ').append(pair(slowStages.get(n), fastStages.get(n))).append(" |");
            }
            s.append('\n');
        }
    }

    /** One table per model: a row per part (stem, every residual block, head). */
    private static void appendBlocks(StringBuilder s, List<SpeedResult> results,
            List<SpeedResult> broken) {
        s.append("\nPer-block eval time, batch ").append(broken.get(0).batch())
                .append(" (ms, median; the fast path compiled block by block, each block one"
                        + " part; share: of the fast parts' sum):\n");
        for (SpeedResult slow : broken) {
            Map<String, Double> fast = partner(results, slow).map(SpeedResult::partMillis)
                    .orElse(Map.of());
            double fastTotal = fast.values().stream().mapToDouble(Double::doubleValue).sum();
            s.append("\n").append(slow.model().id()).append(":\n\n"
                    + "| part | straightforward ms | fast ms | speed-up | share of fast |\n"
                    + "| --- | ---: | ---: | ---: | ---: |\n");
            slow.partMillis().forEach((part, ms) -> {
                Double f = fast.get(part);
                s.append(String.format(Locale.ROOT, "| %s | %.1f | %s | %s | %s |%n", part, ms,
                        f == null ? "—" : String.format(Locale.ROOT, "%.1f", f),
                        f == null ? "—" : String.format(Locale.ROOT, "%.2f×", ms / f),
                        f == null ? "—" : String.format(Locale.ROOT, "%.0f %%", 100 * f / fastTotal)));
            });
        }
    }

    /**
     * The memory-traffic floor of every eval measurement: what its pass would take if memory
     * were the only limit, moving the bytes {@link io.github.vov3d.api.MemoryTraffic} counts at
     * the measured bandwidth, and how many times that each mode took.
     *
     * @param results the measurements of one run
     * @param bandwidth the bandwidth measured in the same run
     * @return the Markdown section; empty when the run measured no eval pass
     */
    public static String floors(List<SpeedResult> results, MemoryBandwidth bandwidth) {
        List<SpeedResult> eval = results.stream().filter(r -> r.task().equals("eval")
                && r.mode().equals("straightforward")).toList();
        if (eval.isEmpty()) {
            return "";
        }
        double rate = bandwidth.bytesPerSecond();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%nMemory-traffic floor of"
                + " the eval passes (the bytes the network as written moves layer by layer — each"
                + " layer's input, weights and output, residual shortcuts, pooled maps; see"
                + " MemoryTraffic — at %.0f GB/s; only kernels that fuse layers can go below"
                + " it):%n%n| model | batch | MB per pass | floor ms | fast ms | fast / floor"
                + " | straightforward / floor |%n| --- | ---: | ---: | ---: | ---: | ---: | ---: |%n",
                rate / 1e9));
        for (SpeedResult slow : eval) {
            double floor = slow.trafficFloorMillis(rate);
            Optional<SpeedResult> fast = partner(results, slow);
            s.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.1f | %s | %s | %.1f× |%n",
                    slow.model().id(), slow.batch(), slow.traffic().bytes(slow.batch()) / 1e6,
                    floor, millis(fast),
                    fast.map(f -> String.format(Locale.ROOT, "%.1f×", f.millis() / floor))
                            .orElse("—"),
                    slow.millis() / floor));
        }
        return s.toString();
    }

    /** Sums parts by stage: {@code s2.res0} and {@code s2.res1} into {@code s2}. */
    static Map<String, Double> byStage(Map<String, Double> parts) {
        Map<String, Double> stages = new LinkedHashMap<>();
        parts.forEach((part, ms) -> {
            int dot = part.indexOf('.');
            stages.merge(dot < 0 ? part : part.substring(0, dot), ms, Double::sum);
        });
        return stages;
    }

    private static String pair(Double slow, Double fast) {
        return (slow == null ? "—" : String.format(Locale.ROOT, "%.0f", slow)) + " / "
                + (fast == null ? "—" : String.format(Locale.ROOT, "%.0f", fast));
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
