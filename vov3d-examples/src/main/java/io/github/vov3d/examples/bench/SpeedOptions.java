package io.github.vov3d.examples.bench;

import io.github.vov3d.api.ModelArchitecture;
import java.util.List;

/**
 * What one model-speed benchmark run measures. Small values (a 1-frame-repeat run on a tiny
 * clip) make it a smoke test; the defaults are the protocol.
 *
 * @param models architectures to measure
 * @param evalBatches clip batch sizes for eval forward passes
 * @param trainBatch batch of the training step, 0 to skip training
 * @param frames clip length T
 * @param crop clip height and width
 * @param warmup untimed passes before each measurement
 * @param settle untimed passes of a mode right before each of its timed passes, so that no
 *     mode is timed on the caches and memory another mode (or the PyTorch process) just left
 * @param repeats timed passes; the median is reported
 * @param breakdown whether to time every stage and residual block (first eval batch)
 * @param maxMemoryMiB the most one straightforward pass may take, in MiB, before a batch larger
 *     than one is skipped instead of measured ({@link MemoryGuard}); 0 for what the system
 *     reports available
 */
public record SpeedOptions(
        List<ModelArchitecture> models,
        List<Integer> evalBatches,
        int trainBatch,
        int frames,
        int crop,
        int warmup,
        int settle,
        int repeats,
        boolean breakdown,
        long maxMemoryMiB) {

    /** Validates the values. */
    public SpeedOptions {
        models = List.copyOf(models);
        evalBatches = List.copyOf(evalBatches);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("name at least one model");
        }
        if (evalBatches.stream().anyMatch(b -> b < 1) || trainBatch < 0) {
            throw new IllegalArgumentException("batch sizes must be positive (train batch 0 = skip)");
        }
        if (maxMemoryMiB < 0) {
            throw new IllegalArgumentException("a memory limit cannot be negative: " + maxMemoryMiB
                    + " MiB (0 = what the system reports available)");
        }
        if (frames < 1 || crop < 32 || warmup < 0 || settle < 0 || repeats < 1) {
            throw new IllegalArgumentException("need frames >= 1, crop >= 32, warmup >= 0, settle >= 0,"
                    + " repeats >= 1; got " + frames + ", " + crop + ", " + warmup + ", " + settle + ", "
                    + repeats);
        }
    }

    /** @return the protocol: four models, batch 1 and 8, training at 8, 16×224×224 */
    public static SpeedOptions defaults() {
        return new SpeedOptions(
                List.of(ModelArchitecture.VOV3D_M, ModelArchitecture.VOV3D_L,
                        ModelArchitecture.X3D_M, ModelArchitecture.X3D_L),
                List.of(1, 8), 8, 16, 224, 1, 1, 5, true, 0);
    }
}
