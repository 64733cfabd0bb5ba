package io.github.vov3d.examples.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import io.github.vov3d.blocks.inference.CompiledNetwork;
import io.github.vov3d.blocks.inference.FastInference;
import io.github.vov3d.blocks.network.ScopedForward;
import io.github.vov3d.blocks.network.VideoNetwork;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.ToLongFunction;

/**
 * The passes the benchmark times for one network, each complete (it waits for its result) and
 * each in its own sub-manager, so that no run pays for another's garbage: the straightforward
 * network (the blocks as written for parity), the compiled fast path, and a training step in
 * both forms (the reference network's own forward, and the trainer's block-scoped forward of the
 * network with the fastest depthwise forms). Also the per-part passes of the breakdown, and the
 * batch-1 probes the {@link MemoryGuard} sizes larger batches from.
 */
final class ModelPasses {
    private static final ToLongFunction<NDManager> NOTHING = scope -> 0;

    private final NDManager manager;
    private final VideoNetwork network;
    private final VideoNetwork trainingNetwork;
    private final CompiledNetwork fast;

    /**
     * @param manager where each pass opens its scope
     * @param network the reference: depthwise convolutions as {@code conv3d}
     * @param trainingNetwork the same weights with the fastest depthwise forms; null when no
     *     training step is measured
     * @param fast the compiled network
     */
    ModelPasses(NDManager manager, VideoNetwork network, VideoNetwork trainingNetwork,
            CompiledNetwork fast) {
        this.manager = manager;
        this.network = network;
        this.trainingNetwork = trainingNetwork;
        this.fast = fast;
    }

    /** Eval forward of the straightforward network. */
    void straightforwardEval(NDArray clip) {
        straightforwardEval(clip, NOTHING);
    }

    /**
     * The arrays alive at the end of the straightforward eval pass: all of its intermediates,
     * since the network keeps them until the pass's scope closes (views count in full, the clip
     * too).
     *
     * @param clip the input
     * @return their bytes
     */
    long straightforwardEvalBytes(NDArray clip) {
        return straightforwardEval(clip, ModelPasses::liveBytes);
    }

    private long straightforwardEval(NDArray clip, ToLongFunction<NDManager> atEnd) {
        try (NDManager s = clip.getManager().newSubManager()) {
            s.tempAttachAll(clip);
            network.forward(new ParameterStore(s, false), new NDList(clip), false)
                    .singletonOrThrow().toFloatArray();
            return atEnd.applyAsLong(s);
        }
    }

    /** Eval forward of the compiled network. */
    void fastEval(NDArray clip) {
        try (NDArray y = fast.predict(clip)) {
            y.toFloatArray();
        }
    }

    /** Training forward (batch statistics, dropout), cross-entropy and backward; no update. */
    void straightforwardTrainStep(NDArray clip, NDArray labels) {
        trainStep(clip, labels, this::straightforwardForward, NOTHING);
    }

    /**
     * The arrays alive at the end of the straightforward training step (the forward
     * intermediates kept for the backward pass, the loss), as {@link #straightforwardEvalBytes}.
     *
     * @param clip the input
     * @param labels the labels
     * @return their bytes
     */
    long straightforwardTrainBytes(NDArray clip, NDArray labels) {
        return trainStep(clip, labels, this::straightforwardForward, ModelPasses::liveBytes);
    }

    /**
     * The same step as the trainer runs it: the block-scoped forward ({@link ScopedForward}) of
     * the network with the fastest depthwise forms.
     */
    void fastTrainStep(NDArray clip, NDArray labels) {
        trainStep(clip, labels, (ps, x) -> ScopedForward.run(trainingNetwork, ps, x, true),
                NOTHING);
    }

    private NDArray straightforwardForward(ParameterStore ps, NDArray x) {
        return network.forward(ps, new NDList(x), true).singletonOrThrow();
    }

    /** @return what {@code atEnd} makes of the step's scope, read before the scope closes */
    private long trainStep(NDArray clip, NDArray labels,
            BiFunction<ParameterStore, NDArray, NDArray> forward, ToLongFunction<NDManager> atEnd) {
        try (NDManager s = manager.newSubManager()) {
            s.tempAttachAll(clip, labels);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = forward.apply(new ParameterStore(s, false), clip);
                NDArray loss = Loss.softmaxCrossEntropyLoss()
                        .evaluate(new NDList(labels), new NDList(out));
                gc.backward(loss);
                loss.toFloatArray();
                return atEnd.applyAsLong(s);
            }
        }
    }

    private static long liveBytes(NDManager scope) {
        long bytes = 0;
        for (NDArray a : scope.getManagedArrays()) {
            bytes += a.size() * a.getDataType().getNumOfBytes();
        }
        return bytes;
    }

    /**
     * Times every part of the straightforward network once, each in its own scope: the stem,
     * every residual block, the head. CPU execution is synchronous, so a part's result is ready
     * when its forward returns; nothing is copied out to time it.
     *
     * @param names the parts' names, as the block-wise compiled network gives them
     * @param clip the input
     * @return part name ({@code s1}, {@code s2.res0} …, {@code head}) → milliseconds
     */
    Map<String, Double> straightforwardBlocks(List<String> names, NDArray clip) {
        List<Block> parts = new ArrayList<>();
        parts.add(network.stem());
        network.stages().forEach(stage -> parts.addAll(stage.blocks()));
        parts.add(network.head());
        if (names.size() != parts.size()) {
            throw new IllegalStateException("the compiled network has parts " + names
                    + " but the network " + parts.size() + " stem, block and head parts");
        }
        Map<String, Double> ms = new LinkedHashMap<>();
        NDArray x = clip;
        for (int i = 0; i < parts.size(); i++) {
            Block part = parts.get(i);
            NDArray input = x;
            NDManager home = input.getManager();
            NDArray y;
            long start = System.nanoTime();
            try (NDManager s = home.newSubManager()) {
                s.tempAttachAll(input);
                y = part.forward(new ParameterStore(s, false), new NDList(input), false)
                        .singletonOrThrow();
                y.attach(home);
            }
            ms.put(names.get(i), (System.nanoTime() - start) / 1e6);
            if (x != clip) {
                x.close();
            }
            x = y;
        }
        x.close();
        return ms;
    }

    /**
     * Times every part of a network compiled block by block once.
     *
     * @param blockwise the network compiled by {@link FastInference#compileBlockwise}
     * @param clip the input
     * @return part name → milliseconds
     */
    static Map<String, Double> fastBlocks(CompiledNetwork blockwise, NDArray clip) {
        Map<String, Double> ms = new LinkedHashMap<>();
        try (NDArray y = blockwise.predict(clip, (part, nanos) -> ms.put(part, nanos / 1e6))) {
            y.toFloatArray();
        }
        return ms;
    }
}
