package io.github.vov3d.examples.paper;

import io.github.vov3d.api.ModelArchitecture;
import io.github.vov3d.blocks.network.VideoModels;
import io.github.vov3d.blocks.network.VideoNetwork;
import io.github.vov3d.train.Recipe;
import io.github.vov3d.zoo.CheckpointLoader;
import io.github.vov3d.zoo.LoadOptions;
import io.github.vov3d.zoo.LoadedNetwork;
import io.github.vov3d.zoo.Vov3dZoo;
import io.github.vov3d.api.CheckpointException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The network a paper run starts from: a freshly initialised one (rows trained from scratch),
 * a Kinetics-400 checkpoint with a new classifier (the fine-tuned rows, as
 * {@link io.github.vov3d.train.FineTuning} but on the run's device), or a trained checkpoint
 * (testing). Closing it frees a loaded checkpoint's parameters.
 */
final class StartingNetwork implements AutoCloseable {
    private final VideoNetwork network;
    private final Optional<LoadedNetwork> loaded;

    private StartingNetwork(VideoNetwork network, Optional<LoadedNetwork> loaded) {
        this.network = network;
        this.loaded = loaded;
    }

    /** @return the network */
    VideoNetwork network() {
        return network;
    }

    static VideoNetwork fresh(ModelArchitecture architecture, int classes, Recipe r) {
        return VideoModels.builder(architecture).numClasses(classes).frames(r.frames())
                .trainCrop(r.trainCrop()).dropout(r.dropout()).build();
    }

    static StartingNetwork create(PaperExperiment row, RunOptions options, int classes, Recipe r) throws IOException {
        if (!row.finetuned()) {
            return new StartingNetwork(fresh(row.architecture(), classes, r), Optional.empty());
        }
        Path file = options.pretrained().isPresent() ? options.pretrained().get()
                : Vov3dZoo.fetch(row.pretrainedEntry().orElseThrow(), options.fetch()).file();
        LoadedNetwork net = CheckpointLoader.load(file, LoadOptions.defaults().withNumClasses(classes)
                .withKeepInitialClassifier(true).withFrames(r.frames()).withTrainCrop(r.trainCrop())
                .withDropout(r.dropout()).withDevice(options.device()));
        return checked(row, net, file);
    }

    static StartingNetwork trained(PaperExperiment row, RunOptions options, Path weights, Recipe r) throws IOException {
        LoadedNetwork net = CheckpointLoader.load(weights, LoadOptions.defaults().withFrames(r.frames())
                .withTrainCrop(r.trainCrop()).withDropout(r.dropout()).withDevice(options.device()));
        return checked(row, net, weights);
    }

    private static StartingNetwork checked(PaperExperiment row, LoadedNetwork net, Path file) throws CheckpointException {
        if (!row.entry().acceptedArchitectures().contains(net.architecture())) {
            net.close();
            throw new CheckpointException(file + " holds " + net.architecture().id() + " weights, but " + row.name()
                    + " trains " + row.architecture().id());
        }
        return new StartingNetwork(net.network(), Optional.of(net));
    }

    @Override
    public void close() {
        loaded.ifPresent(LoadedNetwork::close);
    }
}
