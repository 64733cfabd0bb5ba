package io.github.vov3d.zoo;

import ai.djl.Device;
import io.github.vov3d.api.ModelArchitecture;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How to turn a checkpoint into a network. Everything is optional: by default the architecture
 * and class count are read from the file's tensor shapes, the clip length is the architecture's
 * own and the training crop is 224 (which fixes the head's pool; a larger test clip then runs
 * fully convolutionally).
 *
 * @param architecture force an architecture (then a file of another one is refused)
 * @param numClasses force a class count
 * @param frames training clip length (the head's temporal pool)
 * @param trainCrop training crop (the head's spatial pool)
 * @param dropout dropout before the classifier in training mode
 * @param keepInitialClassifier leave the classifier initialised if its class count differs
 *     (fine-tuning on a new label set)
 * @param device where the parameters live; empty for the engine's default
 */
public record LoadOptions(
        Optional<ModelArchitecture> architecture,
        OptionalInt numClasses,
        OptionalInt frames,
        int trainCrop,
        float dropout,
        boolean keepInitialClassifier,
        Optional<Device> device) {

    /** Validates the sizes. */
    public LoadOptions {
        if (trainCrop <= 0 || numClasses.orElse(1) <= 0 || frames.orElse(1) <= 0) {
            throw new IllegalArgumentException("crop, classes and frames must be positive");
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    /** @return everything from the file, 224 crop, dropout 0.5, default device */
    public static LoadOptions defaults() {
        return new LoadOptions(Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), 224,
                0.5f, false, Optional.empty());
    }

    /** @param a the architecture to build @return a copy with it */
    public LoadOptions withArchitecture(ModelArchitecture a) {
        return new LoadOptions(Optional.of(a), numClasses, frames, trainCrop, dropout,
                keepInitialClassifier, device);
    }

    /** @param n the class count @return a copy with it */
    public LoadOptions withNumClasses(int n) {
        return new LoadOptions(architecture, OptionalInt.of(n), frames, trainCrop, dropout,
                keepInitialClassifier, device);
    }

    /** @param t the training clip length @return a copy with it */
    public LoadOptions withFrames(int t) {
        return new LoadOptions(architecture, numClasses, OptionalInt.of(t), trainCrop, dropout,
                keepInitialClassifier, device);
    }

    /** @param s the training crop @return a copy with it */
    public LoadOptions withTrainCrop(int s) {
        return new LoadOptions(architecture, numClasses, frames, s, dropout,
                keepInitialClassifier, device);
    }

    /** @param p the dropout rate @return a copy with it */
    public LoadOptions withDropout(float p) {
        return new LoadOptions(architecture, numClasses, frames, trainCrop, p,
                keepInitialClassifier, device);
    }

    /** @param keep re-initialise a classifier of another class count @return a copy */
    public LoadOptions withKeepInitialClassifier(boolean keep) {
        return new LoadOptions(architecture, numClasses, frames, trainCrop, dropout, keep, device);
    }

    /** @param d the device @return a copy with it */
    public LoadOptions withDevice(Device d) {
        return new LoadOptions(architecture, numClasses, frames, trainCrop, dropout,
                keepInitialClassifier, Optional.of(d));
    }
}
