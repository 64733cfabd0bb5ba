package io.github.vov3d.zoo;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.vov3d.api.ArchitectureMismatchException;
import io.github.vov3d.api.ModelArchitecture;
import io.github.vov3d.blocks.network.VideoModels;
import io.github.vov3d.blocks.network.VideoNetwork;
import io.github.vov3d.zoo.checkpoint.PySlowFastCheckpoint;
import io.github.vov3d.zoo.checkpoint.TorchCheckpointReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The one call from a PySlowFast checkpoint file to a ready network: read the file safely,
 * work out (or check) the architecture and class count from its tensor shapes, build the
 * network, copy the weights. Works for the reference's released weights and for checkpoints
 * written during training (which also carry epoch and optimizer state).
 *
 * <pre>{@code
 * try (LoadedNetwork net = CheckpointLoader.load(Path.of("vov3d_m_k400.pth"))) { ... }
 * }</pre>
 */
public final class CheckpointLoader {
    private CheckpointLoader() {}

    /**
     * @param file a {@code torch.save} checkpoint
     * @return the network, architecture and class count taken from the file
     * @throws IOException if the file is unreadable, unsafe, or fits no known architecture
     */
    public static LoadedNetwork load(Path file) throws IOException {
        return load(file, LoadOptions.defaults());
    }

    /**
     * @param file a {@code torch.save} checkpoint
     * @param options what to build
     * @return the loaded network
     * @throws IOException if the file is unreadable or unsafe
     * @throws ArchitectureMismatchException if it does not fit the requested network
     */
    public static LoadedNetwork load(Path file, LoadOptions options) throws IOException {
        PySlowFastCheckpoint checkpoint = TorchCheckpointReader.read(file);
        Map<String, long[]> shapes = CheckpointImporter.shapes(checkpoint.modelState());
        ModelArchitecture architecture = options.architecture().isPresent()
                ? options.architecture().get()
                : identify(file, shapes);
        int fileClasses = ArchitectureIdentifier.classCount(shapes);
        int classes = options.numClasses().orElse(fileClasses > 0 ? fileClasses : 400);
        int frames = options.frames().orElse(architecture.defaultFrames());
        VideoNetwork network = VideoModels.builder(architecture)
                .numClasses(classes)
                .frames(frames)
                .trainCrop(options.trainCrop())
                .dropout(options.dropout())
                .build();
        Model model = options.device().isPresent()
                ? Model.newInstance(architecture.id(), options.device().get())
                : Model.newInstance(architecture.id());
        try {
            model.setBlock(network);
            network.initialize(model.getNDManager(), DataType.FLOAT32,
                    new Shape(1, 3, frames, options.trainCrop(), options.trainCrop()));
            CheckpointImporter.ImportReport report = CheckpointImporter.load(network,
                    checkpoint.modelState(), file.toString(), architecture.id(),
                    options.keepInitialClassifier());
            return new LoadedNetwork(model, network, architecture, classes, frames,
                    options.trainCrop(), checkpoint.epoch(), report);
        } catch (RuntimeException | IOException e) {
            model.close();
            throw e;
        }
    }

    private static ModelArchitecture identify(Path file, Map<String, long[]> shapes)
            throws ArchitectureMismatchException {
        return ArchitectureIdentifier.identify(shapes)
                .map(ArchitectureMatch::architecture)
                .orElseThrow(() -> {
                    // explain against the closest known architecture
                    ModelArchitecture guess = shapes.keySet().stream()
                            .anyMatch(k -> k.contains(".layers.0.b1.")) ? ModelArchitecture.VOV3D_M
                                    : ModelArchitecture.X3D_M;
                    int classes = Math.max(1, ArchitectureIdentifier.classCount(shapes));
                    var expected = ArchitectureIdentifier.expectedShapes(
                            VideoModels.builder(guess).numClasses(classes));
                    var diffs = ArchitectureIdentifier.compare(expected, shapes);
                    return new ArchitectureMismatchException(
                            "checkpoint " + file + " fits none of the known architectures ("
                                    + String.join(", ", List.of(ids())) + "); compared with the "
                                    + "closest, " + guess.id() + ", " + diffs.size()
                                    + " tensors differ, first: "
                                    + (diffs.isEmpty() ? "none" : diffs.get(0).toString())
                                    + ". Pass --model to see all differences for a given model.",
                            diffs, null);
                });
    }

    private static String[] ids() {
        return java.util.Arrays.stream(ModelArchitecture.values())
                .map(ModelArchitecture::id).toArray(String[]::new);
    }
}
