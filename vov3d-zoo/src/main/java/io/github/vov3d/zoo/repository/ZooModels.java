package io.github.vov3d.zoo.repository;

import ai.djl.Device;
import ai.djl.modality.Classifications;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import io.github.vov3d.api.CheckpointException;
import io.github.vov3d.blocks.inference.CompiledNetwork;
import io.github.vov3d.blocks.inference.CompiledNetworkBlock;
import io.github.vov3d.blocks.inference.FastInference;
import io.github.vov3d.zoo.CheckpointLoader;
import io.github.vov3d.zoo.LoadOptions;
import io.github.vov3d.zoo.LoadedNetwork;
import io.github.vov3d.zoo.fetch.FetchResult;
import io.github.vov3d.zoo.fetch.WeightFetcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * From a zoo entry to a ready model: fetch (or find) the verified weights, load them with the
 * entry's clip length and training crop, check that the file is the network the entry promises
 * (architecture from tensor shapes, class count), and wrap it with the entry's translator.
 */
public final class ZooModels {
    private ZooModels() {}

    /**
     * @param entry the checkpoint
     * @param fetcher where the weights come from and go
     * @param device where the parameters live; empty for the engine's default
     * @param topK how many classes a prediction reports
     * @param classNames one name per class, or empty for the entry's own
     * @return the model, for inference: its block is the network compiled for inference
     *     ({@link CompiledNetworkBlock}); use {@link #loadNetwork} to train or fine-tune; close it
     *     when done
     * @throws IOException if fetching or loading fails, or the file is not what the entry says
     */
    public static ZooModel<NDArray, Classifications> load(ZooEntry entry, WeightFetcher fetcher,
            Optional<Device> device, int topK, Optional<List<String>> classNames) throws IOException {
        LoadedNetwork net = loadNetwork(entry, fetcher, device);
        try {
            List<String> names = classNames.orElseGet(entry::classNames);
            ClipClassificationTranslator translator = new ClipClassificationTranslator(
                    ClipNormalisation.of(entry), names, topK, entry.frames(), entry.trainCrop());
            // an inference model: predictors run the compiled pass (same function, ~3× as fast on
            // a CPU); the folded weights live in the model's manager and close with it
            // (the network's own parameters stay in the model's manager until it closes: the
            // weights are held twice, a few tens of MB for the zoo's largest model)
            CompiledNetwork fast = FastInference.compile(net.network(), net.model().getNDManager());
            net.model().setBlock(new CompiledNetworkBlock(fast,
                    new Shape(1, 3, entry.frames(), entry.trainCrop(), entry.trainCrop())));
            return new ZooModel<>(net.model(), translator);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /**
     * @param entry the checkpoint
     * @param fetcher where the weights come from and go
     * @param device where the parameters live; empty for the engine's default
     * @return the bare network (for fine-tuning or custom inference); close it when done
     * @throws IOException if fetching or loading fails, or the file is not what the entry says
     */
    public static LoadedNetwork loadNetwork(ZooEntry entry, WeightFetcher fetcher, Optional<Device> device)
            throws IOException {
        FetchResult fetched = fetcher.fetch(entry.fetchRequest());
        return loadNetwork(entry, fetched.file(), device);
    }

    /**
     * @param entry the checkpoint the file should hold
     * @param file a local copy of its weights
     * @param device where the parameters live; empty for the engine's default
     * @return the network
     * @throws IOException if the file is unreadable or not what the entry says
     */
    public static LoadedNetwork loadNetwork(ZooEntry entry, Path file, Optional<Device> device)
            throws IOException {
        LoadOptions options = LoadOptions.defaults().withFrames(entry.frames()).withTrainCrop(entry.trainCrop());
        if (device.isPresent()) {
            options = options.withDevice(device.get());
        }
        LoadedNetwork net = CheckpointLoader.load(file, options);
        if (!entry.acceptedArchitectures().contains(net.architecture())) {
            net.close();
            throw new CheckpointException("zoo entry " + entry.name() + " should hold "
                    + entry.acceptedArchitectures().stream().map(Object::toString).collect(Collectors.joining(" or "))
                    + " weights, but the tensor shapes of " + file + " are those of " + net.architecture()
                    + ". The file behind " + entry.source() + " changed or the cache holds another file: "
                    + "delete " + file.getParent() + " and fetch again, or load it with the matching entry");
        }
        if (net.numClasses() != entry.numClasses()) {
            net.close();
            throw new CheckpointException("zoo entry " + entry.name() + " should classify "
                    + entry.numClasses() + " " + entry.dataset().title() + " classes, but " + file
                    + " has a " + net.numClasses() + "-class classifier; delete " + file.getParent()
                    + " and fetch again");
        }
        return net;
    }

    /**
     * @param file one class name per line (blank lines ignored), index = line number
     * @param entry the entry the names are for
     * @return the names
     * @throws IOException if unreadable, or the count differs from the entry's classes
     */
    public static List<String> readClassNames(Path file, ZooEntry entry) throws IOException {
        List<String> names = Files.readAllLines(file).stream().map(String::strip)
                .filter(l -> !l.isEmpty()).toList();
        if (names.size() != entry.numClasses()) {
            throw new IOException("class-name file " + file + " has " + names.size() + " names but "
                    + entry.name() + " has " + entry.numClasses() + " classes; give one name per line");
        }
        return names;
    }
}
