package io.github.vov3d.api;

import java.util.Locale;

/**
 * The bytes a forward pass must move between memory and the cores when it runs layer by layer:
 * every convolution and linear layer reads its input and its weights once and writes its output
 * once, with BatchNorm, activations and SE gating fused into them, and every residual sum reads
 * its shortcut once; float32 values. Why it exists: divided by the machine's memory bandwidth
 * it is the <em>memory-traffic floor</em> of a network, the time below which no layer-by-layer
 * implementation can go however fast its arithmetic is, and so the yardstick for "how far from
 * the hardware is this pass" beside the multiply-accumulate count of {@link ModelStatistics}
 * (which gives the compute floor). Kernels that fuse several layers in cache can go below it;
 * nothing here assumes they do.
 *
 * <p>Pooling, the SE layers' pooled vectors and the head's global average read are not counted
 * (a few parts per thousand of a video network's traffic).
 *
 * @param inputBytes the layers' input reads, one clip
 * @param outputBytes the layers' output writes, one clip
 * @param shortcutBytes the residual sums' shortcut reads, one clip
 * @param weightBytes the layers' weight reads (the same for any batch)
 */
public record MemoryTraffic(long inputBytes, long outputBytes, long shortcutBytes, long weightBytes) {

    /** Validates the counts. */
    public MemoryTraffic {
        if (inputBytes < 0 || outputBytes < 0 || shortcutBytes < 0 || weightBytes < 0) {
            throw new IllegalArgumentException("byte counts must be non-negative, got " + inputBytes
                    + ", " + outputBytes + ", " + shortcutBytes + ", " + weightBytes);
        }
    }

    /**
     * @param batch clips in one pass
     * @return the bytes of a pass over {@code batch} clips: activations once per clip, weights
     *     once
     */
    public long bytes(int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        return Math.addExact(Math.multiplyExact(batch, inputBytes + outputBytes + shortcutBytes),
                weightBytes);
    }

    /**
     * @param batch clips in one pass
     * @param bytesPerSecond a measured memory bandwidth (reads plus writes)
     * @return the memory-traffic floor of that pass in milliseconds
     */
    public double floorMillis(int batch, double bytesPerSecond) {
        if (!(bytesPerSecond > 0)) {
            throw new IllegalArgumentException("bandwidth must be positive, got " + bytesPerSecond);
        }
        return bytes(batch) / bytesPerSecond * 1e3;
    }

    /** @return a one-line summary for one clip, in MB (10⁶ bytes) */
    public String describe() {
        return String.format(Locale.ROOT, "%.0f MB per clip (inputs %.0f, outputs %.0f, shortcuts"
                        + " %.0f, weights %.1f)", bytes(1) / 1e6, inputBytes / 1e6,
                outputBytes / 1e6, shortcutBytes / 1e6, weightBytes / 1e6);
    }
}
