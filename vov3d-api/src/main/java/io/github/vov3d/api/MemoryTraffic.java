package io.github.vov3d.api;

import java.util.Locale;

/**
 * The bytes a forward pass must move between memory and the cores when it runs the network as
 * written, layer by layer: every convolution and linear layer reads its input and its weights
 * once and writes its output once, with BatchNorm, activations and SE gating fused into them;
 * every residual sum reads its shortcut once; every global pooling (SE's squeeze, the head's
 * pool) reads its feature map once; a concatenation costs nothing (its parts are written into
 * place); float32 values. Why it exists: divided by the machine's memory bandwidth it is the
 * <em>memory-traffic floor</em> of a network, the time below which no layer-by-layer
 * implementation can go however fast its arithmetic is, and so the yardstick for "how far from
 * the hardware is this pass" beside the multiply-accumulate count of {@link ModelStatistics}
 * (which gives the compute floor). Kernels that fuse layers in cache (two depthwise layers into
 * one, a pooling into the layer that writes its input) can go below it.
 *
 * @param inputBytes the layers' input reads, one clip
 * @param outputBytes the layers' output writes, one clip
 * @param shortcutBytes the residual sums' shortcut reads, one clip
 * @param poolingBytes the global poolings' reads, one clip
 * @param weightBytes the layers' weight reads (the same for any batch)
 */
public record MemoryTraffic(long inputBytes, long outputBytes, long shortcutBytes,
        long poolingBytes, long weightBytes) {

    /** Validates the counts. */
    public MemoryTraffic {
        if (inputBytes < 0 || outputBytes < 0 || shortcutBytes < 0 || poolingBytes < 0
                || weightBytes < 0) {
            throw new IllegalArgumentException("byte counts must be non-negative, got " + inputBytes
                    + ", " + outputBytes + ", " + shortcutBytes + ", " + poolingBytes + ", "
                    + weightBytes);
        }
    }

    /** @return the bytes that scale with the batch: everything but the weights, one clip */
    public long activationBytes() {
        return Math.addExact(Math.addExact(inputBytes, outputBytes),
                Math.addExact(shortcutBytes, poolingBytes));
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
        return Math.addExact(Math.multiplyExact(batch, activationBytes()), weightBytes);
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
                        + " %.0f, pooling %.0f, weights %.1f)", bytes(1) / 1e6, inputBytes / 1e6,
                outputBytes / 1e6, shortcutBytes / 1e6, poolingBytes / 1e6, weightBytes / 1e6);
    }
}
