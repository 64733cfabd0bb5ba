package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * The fallback for blocks the compiler does not know (custom transforms): runs the original
 * block in inference mode, so any network built from this library's pieces still compiles. The
 * result is copied, because an unknown block may return (a view of) its input, and the caller
 * owns and may modify what an op returns.
 */
final class GenericBlockOp implements InferenceOp {
    private final Block block;
    private final ParameterStore store;

    GenericBlockOp(Block block, ParameterStore store) {
        this.block = block;
        this.store = store;
    }

    @Override
    public NDArray apply(NDArray x) {
        NDList out = block.forward(store, new NDList(x), false);
        NDArray y = out.singletonOrThrow();
        NDArray copy = y.duplicate();
        if (y != x) {
            y.close();
        }
        return copy;
    }
}
