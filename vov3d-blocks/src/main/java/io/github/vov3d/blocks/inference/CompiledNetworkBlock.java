package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Objects;

/**
 * A {@link CompiledNetwork} as a DJL {@link ai.djl.nn.Block}, so that a {@code Model} — and
 * every {@code Predictor} it makes — runs the compiled pass: put it in a model with
 * {@code model.setBlock(new CompiledNetworkBlock(FastInference.compile(network, model.getNDManager())))}.
 * The zoo's clip classifiers are built this way.
 *
 * <p>Why a separate block rather than a switch on the network: the compiled pass reads copies of
 * the weights folded when it was compiled, and it has no autograd graph. A block that could also
 * train would silently keep predicting with stale weights after an optimizer step, or return
 * outputs that gradients never reach. This one has no parameters and refuses training mode;
 * to train or fine-tune, use the {@code VideoNetwork} itself and compile again afterwards.
 *
 * <p>Input: one N×3×T×H×W clip batch. Output: N×classes, the eval function of the network
 * (softmax at every head position, averaged).
 */
public final class CompiledNetworkBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    private final CompiledNetwork network;

    /** @param network the compiled network; closing the block's owner should close it */
    public CompiledNetworkBlock(CompiledNetwork network) {
        super(VERSION);
        this.network = Objects.requireNonNull(network, "network");
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

    /** @return true: the block has no parameters, and the compiled weights exist from the start */
    @Override
    public boolean isInitialized() {
        return true;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        if (inputShapes.length != 1 || inputShapes[0].dimension() != 5) {
            throw new IllegalArgumentException("expected one N×3×T×H×W clip batch, got "
                    + java.util.Arrays.toString(inputShapes));
        }
        return new Shape[] {new Shape(inputShapes[0].get(0), network.numClasses())};
    }

    @Override
    public String toString() {
        return "CompiledNetworkBlock(" + network.stageNames() + ", " + network.numClasses()
                + " classes)";
    }
}
