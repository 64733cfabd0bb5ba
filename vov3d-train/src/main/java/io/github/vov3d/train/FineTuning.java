package io.github.vov3d.train;

import io.github.vov3d.zoo.CheckpointLoader;
import io.github.vov3d.zoo.LoadOptions;
import io.github.vov3d.zoo.LoadedNetwork;
import io.github.vov3d.zoo.Vov3dZoo;
import io.github.vov3d.zoo.fetch.FetchOptions;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Starting points for fine-tuning, the paper's "K400 → Something-Something" protocol: every
 * weight of a checkpoint is loaded except a classifier of another class count, which keeps its
 * fresh initialisation (N(0, 0.01), bias 0). The checkpoint's epoch and optimiser state are not
 * carried over: the new run starts at epoch 0 with its own recipe.
 */
public final class FineTuning {
    private FineTuning() {}

    /**
     * @param checkpoint a PySlowFast / torch.save checkpoint (a zoo download or your own)
     * @param numClasses the new task's class count
     * @param recipe the fine-tuning recipe (frames, crop and dropout size the network)
     * @return the network with the checkpoint's weights and a new classifier; close it when done
     * @throws IOException if the file cannot be read or does not fit a known architecture
     */
    public static LoadedNetwork fromCheckpoint(Path checkpoint, int numClasses, Recipe recipe)
            throws IOException {
        return CheckpointLoader.load(checkpoint, LoadOptions.defaults()
                .withNumClasses(numClasses)
                .withKeepInitialClassifier(true)
                .withFrames(recipe.frames())
                .withTrainCrop(recipe.trainCrop())
                .withDropout(recipe.dropout()));
    }

    /**
     * Fine-tunes from a model-zoo entry: fetches (or reuses the verified cached copy of) its
     * weights, then as {@link #fromCheckpoint}.
     *
     * @param zooEntry a zoo name such as {@code vov3d_m_k400}
     * @param numClasses the new task's class count
     * @param recipe the fine-tuning recipe
     * @param fetch where to cache and whether to stay offline
     * @return the network with the entry's weights and a new classifier; close it when done
     * @throws IOException if the weights cannot be fetched or read
     */
    public static LoadedNetwork fromZoo(String zooEntry, int numClasses, Recipe recipe, FetchOptions fetch)
            throws IOException {
        return fromCheckpoint(Vov3dZoo.fetch(zooEntry, fetch).file(), numClasses, recipe);
    }
}
