package io.github.vov3d.examples.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.vov3d.api.npy.Npy;
import io.github.vov3d.api.npy.NpyArray;
import io.github.vov3d.blocks.network.ScopedForward;
import io.github.vov3d.zoo.CheckpointLoader;
import io.github.vov3d.zoo.LoadOptions;
import io.github.vov3d.zoo.LoadedNetwork;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code vov3d predict}: runs a clip batch stored as {@code .npy} through the network a
 * checkpoint describes and writes the output as {@code .npy}: the quickest way to compare our
 * numbers with PyTorch's on the same file.
 */
final class PredictCommand implements Command {

    @Override
    public String name() {
        return "predict";
    }

    @Override
    public String usage() {
        return """
                predict --weights FILE.pth --input CLIP.npy --output OUT.npy [options]   run a checkpoint on a clip batch
                  --weights     PySlowFast / torch.save checkpoint
                  --input       float32 N×3×T×H×W clip batch (.npy)
                  --output      where to write the N×classes float32 output (.npy)
                  --model       architecture (default: recognised from the checkpoint's tensor shapes)
                  --classes     class count (default: the checkpoint's)
                  --frames      training clip length the head is sized for (default: the input's T)
                  --train-crop  training crop the head is sized for (default 224; a larger input runs
                                fully convolutionally, a smaller one is refused)
                  --mode        eval (softmax per head position, averaged; default) or train (BatchNorm
                                on batch statistics, raw logits; dropout off so the result is repeatable)""";
    }

    @Override
    public void run(List<String> args, PrintStream out) throws UsageException, IOException {
        Arguments a = Arguments.parse(args,
                Set.of("weights", "input", "output", "model", "classes", "frames", "train-crop", "mode"),
                Set.of());
        Path weights = a.requirePath("weights");
        Path input = a.requirePath("input");
        Path output = a.requirePath("output");
        String mode = a.get("mode").orElse("eval");
        if (!mode.equals("eval") && !mode.equals("train")) {
            throw new UsageException("--mode must be eval or train, got '" + mode + "'");
        }
        NpyArray clip = Npy.read(input);
        long[] shape = clip.shape();
        if (shape.length != 5 || shape[1] != 3) {
            throw new IllegalArgumentException("input " + input + " has shape "
                    + Arrays.toString(shape) + "; expected N×3×T×H×W float32");
        }
        LoadOptions options = LoadOptions.defaults()
                .withDropout(0f)
                .withFrames(a.positiveInt("frames").orElse((int) shape[2]))
                .withTrainCrop(a.positiveInt("train-crop").orElse(224));
        if (a.get("model").isPresent()) {
            options = options.withArchitecture(InfoCommand.parseModel(a.get("model").get()));
        }
        if (a.positiveInt("classes").isPresent()) {
            options = options.withNumClasses(a.positiveInt("classes").getAsInt());
        }
        boolean training = mode.equals("train");
        try (LoadedNetwork net = CheckpointLoader.load(weights, options);
                NDManager scope = net.model().getNDManager().newSubManager()) {
            NDArray x = scope.create(clip.data(), new Shape(shape));
            NDArray y = ScopedForward.run(net.network(), new ParameterStore(scope, false), x, training);
            Npy.write(output, new NpyArray(y.getShape().getShape(), y.toFloatArray()));
            out.printf(Locale.ROOT, "%s (%d classes, head sized for %d frames × %d pixels), %s mode: "
                            + "wrote %s %s%n",
                    net.architecture().id(), net.numClasses(), net.frames(), net.trainCrop(), mode,
                    Arrays.toString(y.getShape().getShape()), output);
        }
    }
}
