package io.github.vov3d.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.github.vov3d.api.CheckpointException;
import io.github.vov3d.blocks.network.VideoNetwork;
import io.github.vov3d.zoo.CheckpointExporter;
import io.github.vov3d.zoo.CheckpointImporter;
import io.github.vov3d.zoo.checkpoint.OptimizerState;
import io.github.vov3d.zoo.checkpoint.PySlowFastCheckpoint;
import io.github.vov3d.zoo.checkpoint.StoredTensor;
import io.github.vov3d.zoo.checkpoint.TorchCheckpointReader;
import io.github.vov3d.zoo.checkpoint.TorchCheckpointWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training checkpoints in PySlowFast's own format and naming
 * ({@code checkpoints/checkpoint_epoch_00005.pyth}), so the reference code can read ours and the
 * newest one is found the same way. Each holds the weights, the epoch, the SGD momentum (indexed
 * as {@code torch.optim.SGD} would: the no-decay group first, then the decayed one) and our
 * schedule position and seed. Written atomically; on resume a damaged newest file (a disk that
 * filled up, say) is reported and the one before it is used.
 */
final class TrainingCheckpoints {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingCheckpoints.class);
    private static final String PREFIX = "checkpoint_epoch_";
    private static final String ITERATION = "vov3d_iteration";
    private static final String SEED = "vov3d_seed";

    private final Path directory;

    /** A run's state read back from a checkpoint. */
    record Resumed(Path file, int epoch, long iteration, long seed, Map<String, StoredTensor> momentum) {}

    TrainingCheckpoints(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    Path fileFor(int epoch) {
        return directory.resolve(String.format(Locale.ROOT, "%s%05d.pyth", PREFIX, epoch + 1));
    }

    Path save(int epoch, long iteration, long seed, VideoNetwork network, Map<String, Parameter> named,
            Set<String> noDecayIds, SgdParameterServer optimizer, Recipe recipe, double lr)
            throws IOException {
        Files.createDirectories(directory);
        List<String> order = parameterOrder(named, noDecayIds);
        List<Integer> noDecay = new ArrayList<>();
        List<Integer> decay = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            (noDecayIds.contains(named.get(order.get(i)).getId()) ? noDecay : decay).add(i);
        }
        Map<String, NDArray> buffers = optimizer.momentumBuffers();
        Map<Integer, StoredTensor> byIndex = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            NDArray b = buffers.get(order.get(i));
            if (b != null) {
                byIndex.put(i, StoredTensor.ofFloats(b.toFloatArray(), b.getShape().getShape()));
            }
        }
        OptimizerState state = OptimizerState.sgd(byIndex, List.of(
                OptimizerState.ParamGroup.sgd(lr, recipe.momentum(), 0, recipe.nesterov(), noDecay),
                OptimizerState.ParamGroup.sgd(lr, recipe.momentum(), recipe.weightDecay(), recipe.nesterov(), decay)));
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put(ITERATION, iteration);
        extras.put(SEED, seed);
        PySlowFastCheckpoint checkpoint = new PySlowFastCheckpoint(java.util.OptionalInt.of(epoch),
                CheckpointExporter.stateDict(network), Optional.of(state), Optional.of(recipe.toString()), extras);
        Path file = fileFor(epoch);
        TorchCheckpointWriter.write(file, checkpoint);
        return file;
    }

    /**
     * Loads the newest readable checkpoint into the network.
     *
     * @return the run state, or empty if there is none
     */
    Optional<Resumed> resume(VideoNetwork network, Map<String, Parameter> named, Set<String> noDecayIds)
            throws IOException {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(directory)) {
            files = s.filter(p -> p.getFileName().toString().startsWith(PREFIX)
                            && p.getFileName().toString().endsWith(".pyth"))
                    .sorted(Comparator.comparing(Path::toString).reversed()).toList();
        }
        for (Path file : files) {
            PySlowFastCheckpoint c;
            try {
                c = TorchCheckpointReader.read(file);
            } catch (CheckpointException e) {
                LOG.warn("skipping damaged checkpoint {}: {}", file, e.getMessage());
                continue;
            }
            CheckpointImporter.load(network, c.modelState(), file.toString(), "the network being trained", false);
            Map<String, StoredTensor> momentum = new LinkedHashMap<>();
            List<String> order = parameterOrder(named, noDecayIds);
            c.optimizerState().ifPresent(state -> state.momentumBuffers().forEach((i, b) -> {
                if (i < order.size()) {
                    momentum.put(order.get(i), b);
                }
            }));
            int epoch = c.epoch().orElseThrow(() -> new CheckpointException(file + " has no epoch; it is not a training checkpoint"));
            long iteration = ((Number) c.extras().getOrDefault(ITERATION, 0L)).longValue();
            long seed = ((Number) c.extras().getOrDefault(SEED, 0L)).longValue();
            return Optional.of(new Resumed(file, epoch, iteration, seed, momentum));
        }
        return Optional.empty();
    }

    /**
     * The index order of {@code torch.optim.SGD} under PySlowFast's grouping: the no-decay group
     * first, then the decayed one, each in the network's parameter order.
     */
    private static List<String> parameterOrder(Map<String, Parameter> named, Set<String> noDecayIds) {
        List<String> order = new ArrayList<>();
        for (boolean exempt : new boolean[] {true, false}) {
            named.forEach((name, p) -> {
                if (p.requiresGradient() && noDecayIds.contains(p.getId()) == exempt) {
                    order.add(name);
                }
            });
        }
        return order;
    }
}
