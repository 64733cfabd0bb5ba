package io.github.vov3d.examples.bench;

import io.github.vov3d.api.MemoryTraffic;
import io.github.vov3d.api.ModelArchitecture;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One measurement: a model, a task (eval forward or training step), a batch, a mode.
 *
 * @param model the architecture
 * @param task {@code eval} or {@code train}
 * @param batch clips per pass
 * @param mode {@code straightforward} (the network as written for parity), {@code fast} (the
 *     compiled path / the trainer's step) or {@code pytorch} (the upstream code in PyTorch eager,
 *     {@link PyTorchReference})
 * @param millis median wall time of one pass
 * @param peakMiB peak resident memory during the measurement, if known
 * @param partMillis median time of every part of the pass — the stem {@code s1}, each residual
 *     block ({@code s2.res0}, {@code s2.res1} …), the {@code head} — in order; empty if not
 *     measured
 * @param gmacsPerClip multiply-accumulates of one clip's forward pass, in billions
 * @param traffic the bytes a layer-by-layer forward pass moves ({@link MemoryTraffic})
 */
public record SpeedResult(
        ModelArchitecture model, String task, int batch, String mode, double millis,
        OptionalLong peakMiB, Map<String, Double> partMillis, double gmacsPerClip,
        MemoryTraffic traffic) {

    /** Copies the part map; every pass has a traffic to set it against. */
    public SpeedResult {
        partMillis = Collections.unmodifiableMap(new LinkedHashMap<>(partMillis));
        Objects.requireNonNull(traffic, "traffic");
    }

    /** @return clips per second */
    public double clipsPerSecond() {
        return batch * 1000.0 / millis;
    }

    /**
     * The forward arithmetic rate: how close a pass comes to what the CPU's matrix products can
     * do (pointwise convolutions reach 60–95 GMAC/s on the 2-core CI machine).
     *
     * @return billions of multiply-accumulates per second of an eval pass
     */
    public double gmacsPerSecond() {
        return gmacsPerClip * clipsPerSecond();
    }

    /**
     * @param bytesPerSecond the machine's memory bandwidth ({@link MemoryBandwidth})
     * @return the memory-traffic floor of one forward pass over this batch, in milliseconds
     */
    public double trafficFloorMillis(double bytesPerSecond) {
        return traffic.floorMillis(batch, bytesPerSecond);
    }
}
