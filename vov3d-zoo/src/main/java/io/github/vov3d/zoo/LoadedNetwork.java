package io.github.vov3d.zoo;

import ai.djl.Model;
import io.github.vov3d.api.ModelArchitecture;
import io.github.vov3d.blocks.network.VideoNetwork;
import java.util.OptionalInt;

/**
 * A network with a checkpoint's weights, inside a DJL {@link Model} (which owns the parameter
 * memory: close it when done). Carries what was built, so callers can size their clips.
 *
 * @param model the DJL model whose block is {@link #network()}
 * @param network the network
 * @param architecture the architecture built
 * @param numClasses the class count
 * @param frames the training clip length the head is sized for
 * @param trainCrop the training crop the head is sized for
 * @param epoch the checkpoint's epoch, if it had one
 * @param report what the import loaded and skipped
 */
public record LoadedNetwork(
        Model model,
        VideoNetwork network,
        ModelArchitecture architecture,
        int numClasses,
        int frames,
        int trainCrop,
        OptionalInt epoch,
        CheckpointImporter.ImportReport report) implements AutoCloseable {

    /** Frees the parameters. */
    @Override
    public void close() {
        model.close();
    }
}
