package io.github.vov3d.train.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns logged records into plottable curves.
 *
 * <p>Two things make a raw log unfit to plot directly. A resumed run redoes the iterations after
 * its last checkpoint, so the log holds them twice: when a phase's iteration goes backwards, the
 * points it had from that iteration on are dropped and the newer ones win. And NaN or infinite
 * values (a diverged step) cannot be drawn, so they are left out.
 *
 * <p>The x axis is the fractional epoch {@code iteration / iterationsPerEpoch} when that is known
 * (> 0); otherwise it is the epoch number and the values of one epoch are averaged into one point.
 */
final class CurveExtractor {

    private final long iterationsPerEpoch;

    /** @param iterationsPerEpoch iterations in one epoch, or 0 when unknown */
    CurveExtractor(long iterationsPerEpoch) {
        if (iterationsPerEpoch < 0) {
            throw new IllegalArgumentException(
                    "iterationsPerEpoch must be > 0, or 0 when unknown; got " + iterationsPerEpoch);
        }
        this.iterationsPerEpoch = iterationsPerEpoch;
    }

    /** The records of each phase, in file order, without those superseded by a resumed run. */
    static Map<String, List<MetricRecord>> latestByPhase(List<MetricRecord> records) {
        Map<String, List<MetricRecord>> byPhase = new LinkedHashMap<>();
        for (MetricRecord r : records) {
            Objects.requireNonNull(r, "records must not contain null");
            List<MetricRecord> list = byPhase.computeIfAbsent(r.phase(), p -> new ArrayList<>());
            if (!list.isEmpty() && r.iteration() < list.get(list.size() - 1).iteration()) {
                list.removeIf(old -> old.iteration() >= r.iteration());
            }
            list.add(r);
        }
        return byPhase;
    }

    /**
     * The curve of one value in one phase; empty when the phase never measured it.
     *
     * @param phaseRecords the phase's records from {@link #latestByPhase}
     */
    Curve curve(String name, List<MetricRecord> phaseRecords, String metric) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        if (iterationsPerEpoch > 0) {
            for (MetricRecord r : phaseRecords) {
                double y = r.value(metric).orElse(Double.NaN);
                if (Double.isFinite(y)) {
                    xs.add((double) r.iteration() / iterationsPerEpoch);
                    ys.add(y);
                }
            }
        } else {
            Map<Integer, double[]> sums = new LinkedHashMap<>(); // epoch -> {sum, count}
            for (MetricRecord r : phaseRecords) {
                double y = r.value(metric).orElse(Double.NaN);
                if (Double.isFinite(y)) {
                    double[] s = sums.computeIfAbsent(r.epoch(), e -> new double[2]);
                    s[0] += y;
                    s[1]++;
                }
            }
            sums.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                xs.add((double) e.getKey());
                ys.add(e.getValue()[0] / e.getValue()[1]);
            });
        }
        return new Curve(name, xs, ys);
    }
}
