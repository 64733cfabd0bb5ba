package io.github.vov3d.examples.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;

/**
 * The memory bandwidth the engine reaches on this machine, measured in the benchmark's own run:
 * an in-place float32 pass ({@code x += 1}) over an array larger than the caches, on the same
 * libtorch threads the networks use, counting its reads and its writes. It turns a network's
 * {@link io.github.vov3d.api.MemoryTraffic} into a time, the memory-traffic floor, so the report
 * can say how far a pass is from what memory allows on the machine it ran on.
 *
 * @param bytesPerSecond reads plus writes per second, the best pass's
 * @param arrayBytes the size of the array passed over
 * @param passes how many passes were timed
 */
public record MemoryBandwidth(double bytesPerSecond, long arrayBytes, int passes) {
    /** 256 MiB: beyond any last-level cache this benchmark is likely to meet. */
    public static final long DEFAULT_ARRAY_BYTES = 256L << 20;

    /** Enough passes for the best to be a quiet one. */
    public static final int DEFAULT_PASSES = 10;

    /** Validates the measurement. */
    public MemoryBandwidth {
        if (!(bytesPerSecond > 0)) {
            throw new IllegalArgumentException("bandwidth must be positive, got " + bytesPerSecond);
        }
        requireProbe(arrayBytes, passes);
    }

    /**
     * Measures with an array of {@code arrayBytes}, freed before returning.
     *
     * @param manager the manager to allocate under (a sub-manager is used and closed)
     * @param arrayBytes the array's size
     * @param passes timed passes; the fastest counts
     * @return the measurement
     */
    public static MemoryBandwidth measure(NDManager manager, long arrayBytes, int passes) {
        requireProbe(arrayBytes, passes); // before allocating anything
        long values = arrayBytes / Float.BYTES;
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.zeros(new Shape(values)); // written once: its pages are in
            long best = Long.MAX_VALUE;
            for (int i = 0; i < passes; i++) {
                long start = System.nanoTime();
                x.addi(1f);
                best = Math.min(best, Math.max(1, System.nanoTime() - start));
            }
            return new MemoryBandwidth(2.0 * values * Float.BYTES / (best / 1e9),
                    values * Float.BYTES, passes);
        }
    }

    /** @return one line for the report, e.g. "115 GB/s (reads + writes …)" */
    public String describe() {
        return String.format(Locale.ROOT, "%.0f GB/s (reads + writes of an in-place float32 pass"
                + " over %d MiB, best of %d)", bytesPerSecond / 1e9, arrayBytes >> 20, passes);
    }

    private static void requireProbe(long arrayBytes, int passes) {
        if (arrayBytes < Float.BYTES || passes < 1) {
            throw new IllegalArgumentException("need an array of at least one value and a pass; got "
                    + arrayBytes + " bytes, " + passes + " passes");
        }
    }
}
