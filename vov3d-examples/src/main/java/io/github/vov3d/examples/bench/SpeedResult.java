package io.github.vov3d.examples.bench;

import io.github.vov3d.api.ModelArchitecture;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One measurement: a model, a task (eval forward or training step), a batch, a mode.
 *
 * @param model the architecture
 * @param task {@code eval} or {@code train}
 * @param batch clips per pass
 * @param mode {@code straightforward} (the network as written for parity) or {@code fast}
 * @param millis median wall time of one pass
 * @param peakMiB peak resident memory during the measurement, if known
 * @param stageMillis per-stage median times (s1 … head), empty if not measured
 */
public record SpeedResult(
        ModelArchitecture model, String task, int batch, String mode, double millis,
        OptionalLong peakMiB, Map<String, Double> stageMillis) {

    /** Copies the stage map. */
    public SpeedResult {
        stageMillis = Collections.unmodifiableMap(new LinkedHashMap<>(stageMillis));
    }

    /** @return clips per second */
    public double clipsPerSecond() {
        return batch * 1000.0 / millis;
    }
}
