package io.github.vov3d.examples.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Warm-up, then passes of several modes <em>interleaved</em> (A, B, A, B, …) and the median per
 * mode. On a machine shared with other work the load drifts by the second; interleaving makes
 * both modes see the same load, so their ratio stays meaningful even when absolute times do
 * not, and the median ignores the odd pass hit by a burst. Each timed pass can follow untimed
 * passes of the same mode ("settle"): a pass timed right after another mode's measures the
 * switch as well — memory the other mode used and the VM reclaimed, caches it filled (measured:
 * VoV3D-M's fast pass 163 ms right after the PyTorch reference and the straightforward pass,
 * 114 ms summed over its stages timed on their own).
 */
final class Stopwatch {
    private Stopwatch() {}

    /**
     * @param warmup untimed runs of every pass, first
     * @param settle untimed runs of a pass right before each of its timed runs
     * @param repeats timed runs of every pass
     * @param passes the passes; each must wait for its result
     * @return the median wall time of each pass in milliseconds, in the same order
     */
    static double[] interleavedMedians(int warmup, int settle, int repeats, List<Runnable> passes) {
        for (int i = 0; i < warmup; i++) {
            passes.forEach(Runnable::run);
        }
        double[][] ms = new double[passes.size()][repeats];
        for (int r = 0; r < repeats; r++) {
            for (int p = 0; p < passes.size(); p++) {
                for (int i = 0; i < settle; i++) {
                    passes.get(p).run();
                }
                long start = System.nanoTime();
                passes.get(p).run();
                ms[p][r] = (System.nanoTime() - start) / 1e6;
            }
        }
        double[] medians = new double[passes.size()];
        for (int p = 0; p < passes.size(); p++) {
            medians[p] = median(ms[p]);
        }
        return medians;
    }

    /**
     * @param values samples (sorted in place)
     * @return their median
     */
    static double median(double[] values) {
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
