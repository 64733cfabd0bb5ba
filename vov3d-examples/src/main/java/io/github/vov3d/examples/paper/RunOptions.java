package io.github.vov3d.examples.paper;

import ai.djl.Device;
import io.github.vov3d.zoo.fetch.FetchOptions;
import io.github.vov3d.zoo.repository.TestViews;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a paper run may change besides its row: where the data and the outputs are, the
 * device, and overrides of the recipe's fields. The overrides exist so that the same code runs
 * a full reproduction on a GPU and a seconds-long smoke test on tiny data; a run without any
 * override is the reference config.
 *
 * @param data the dataset root (the layout of the row's data set)
 * @param out where checkpoints, metrics and predictions go
 * @param device where the network runs
 * @param microBatch clips per forward pass
 * @param accumulation micro-batches per optimiser step; empty: enough to reach the recipe's batch
 * @param epochs overrides the recipe's epochs
 * @param frames overrides the row's clip length
 * @param crop overrides the training crop (the test crop keeps its ratio)
 * @param views overrides the test views
 * @param pretrained a K400 checkpoint to fine-tune from instead of the zoo's
 * @param weights for testing only: the checkpoint to test instead of the newest in {@code out}
 * @param fetch cache and offline mode for zoo weights
 * @param seed the run's seed
 * @param dryRun check the data and print the plan, train nothing
 */
public record RunOptions(Path data, Path out, Device device, int microBatch, OptionalInt accumulation,
        OptionalInt epochs, OptionalInt frames, OptionalInt crop, Optional<TestViews> views,
        Optional<Path> pretrained, Optional<Path> weights, FetchOptions fetch, long seed, boolean dryRun) {

    /** Validates the options. */
    public RunOptions {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(fetch, "fetch");
        if (microBatch < 1) {
            throw new IllegalArgumentException("batch must be positive, got " + microBatch);
        }
        if (crop.isPresent() && crop.getAsInt() < 8) {
            throw new IllegalArgumentException("crop must be at least 8 pixels, got " + crop.getAsInt());
        }
    }

    /**
     * @param data the dataset root
     * @param out the output directory
     * @return the reference config's options: GPU when the engine sees one, batch 8, no overrides
     */
    public static RunOptions defaults(Path data, Path out) {
        return new RunOptions(data, out, Devices.preferred(), 8, OptionalInt.empty(), OptionalInt.empty(),
                OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                FetchOptions.defaults(), 0, false);
    }
}
