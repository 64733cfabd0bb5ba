package io.github.vov3d.examples.miniature;

import io.github.vov3d.train.report.MetricRecord;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Training throughput read back from the trainer's own metrics log: in each epoch the last
 * logged {@code clips_per_s} is the rate over the whole epoch's training loop (data, forward,
 * backward, update; not validation or checkpoints). The result is the mean over epochs, so a
 * slow first epoch (JIT, allocator warm-up) counts once, like any other.
 */
final class TrainingSpeed {
    private TrainingSpeed() {}

    /**
     * @param records the metrics log (the trainer must log every step)
     * @param fromEpoch the first epoch trained by this run (earlier ones came from a resumed run)
     * @return mean clips per second over the epochs, NaN if none was trained
     */
    static double clipsPerSecond(List<MetricRecord> records, int fromEpoch) {
        Map<Integer, MetricRecord> lastOfEpoch = new TreeMap<>();
        for (MetricRecord r : records) {
            if (r.phase().equals("train") && r.epoch() >= fromEpoch && r.values().containsKey("clips_per_s")) {
                lastOfEpoch.merge(r.epoch(), r, (a, b) -> b.iteration() >= a.iteration() ? b : a);
            }
        }
        return lastOfEpoch.values().stream().mapToDouble(r -> r.values().get("clips_per_s"))
                .average().orElse(Double.NaN);
    }
}
