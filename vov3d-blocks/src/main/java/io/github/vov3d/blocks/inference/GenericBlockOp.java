package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * The fallback for blocks the compiler does not know (custom transforms): runs the original
 * block in inference mode, so any network built from this library's pieces still compiles. The
 * block sees the channels-first layout it was written for (a view of the channels-last input);
 * its result is copied back into channels-last, always into a fresh array, because an unknown
 * block may return (a view of) its input and the caller owns and may modify what an op returns.
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
        try (NDArray channelsFirst = ChannelsLast.asChannelsFirst(x)) {
            NDArray y = block.forward(store, new NDList(channelsFirst), false).singletonOrThrow();
            NDArray result;
            try (NDArray last = ChannelsLast.of(y)) {
                result = last.duplicate();
            }
            if (y != channelsFirst) {
                y.close();
            }
            return result;
        }
    }
}
