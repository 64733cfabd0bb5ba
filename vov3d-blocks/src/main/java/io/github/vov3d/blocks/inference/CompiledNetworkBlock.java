package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A {@link CompiledNetwork} as a DJL {@link ai.djl.nn.Block}, so that a {@code Model} — and
 * every {@code Predictor} it makes — runs the compiled pass:
 *
 * <pre>{@code
 * CompiledNetwork fast = FastInference.compile(network, model.getNDManager()); // closes with the model
 * model.setBlock(new CompiledNetworkBlock(fast, new Shape(1, 3, 16, 224, 224)));
 * }</pre>
 *
 * The zoo's clip classifiers are built this way.
 *
 * <p>Why a separate block rather than a switch on the network: the compiled pass folds the
 * weights when it is compiled (a custom residual branch the compiler does not know is the one
 * exception: it runs as it is, on its live parameters) and has no autograd graph. A block that could also train would
 * silently keep predicting with stale weights after an optimizer step, or return outputs that
 * gradients never reach. This one has no parameters, refuses training mode and refuses to be
 * saved (it has nothing to save); to train, fine-tune or save, use the {@code VideoNetwork}
 * itself and compile it again afterwards.
 *
 * <p>Input: one N×3×T×H×W clip batch on the device the network was compiled on. Output:
 * N×classes, the eval function of the network (softmax at every head position, averaged).
 */
public final class CompiledNetworkBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    private final CompiledNetwork network;

    /**
     * @param network the compiled network; compile it into the manager of the model that will
     *     hold this block ({@link FastInference#compile(io.github.vov3d.blocks.network.VideoNetwork,
     *     ai.djl.ndarray.NDManager)}) so that its weights are freed with the model
     * @param inputShape the clip batch shape the network was built for, N×3×T×H×W (what DJL's
     *     {@code describeInput} reports; larger clips run fully convolutionally)
     */
    public CompiledNetworkBlock(CompiledNetwork network, Shape inputShape) {
        super(VERSION);
        this.network = Objects.requireNonNull(network, "network");
        if (inputShape == null || inputShape.dimension() != 5 || inputShape.get(1) != 3) {
            throw new IllegalArgumentException("input shape must be N×3×T×H×W, got " + inputShape);
        }
        inputNames = List.of("clip");
        inputShapes = new Shape[] {inputShape};
    }

    /** @return the compiled network this block runs */
    public CompiledNetwork network() {
        return network;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        if (training) {
            throw new UnsupportedOperationException("this block runs a network compiled for "
                    + "inference (folded weights, no gradients) and cannot train; train the "
                    + "VideoNetwork itself (e.g. LoadedNetwork.network()) and compile it again");
        }
        return new NDList(network.predict(inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        if (inputShapes.length != 1 || inputShapes[0].dimension() != 5) {
            throw new IllegalArgumentException("expected one N×3×T×H×W clip batch, got "
                    + Arrays.toString(inputShapes));
        }
        return new Shape[] {new Shape(inputShapes[0].get(0), network.numClasses())};
    }

    /**
     * @throws UnsupportedOperationException always: the block has no parameters; save the
     *     {@code VideoNetwork} (e.g. {@code CheckpointExporter}) instead
     */
    @Override
    public void saveParameters(DataOutputStream os) {
        throw new UnsupportedOperationException("a compiled inference network has no parameters "
                + "to save; save the VideoNetwork it was compiled from (CheckpointExporter, or "
                + "a model whose block is the network)");
    }

    @Override
    public String toString() {
        return "CompiledNetworkBlock(" + network.stageNames() + ", " + network.numClasses()
                + " classes)";
    }
}
