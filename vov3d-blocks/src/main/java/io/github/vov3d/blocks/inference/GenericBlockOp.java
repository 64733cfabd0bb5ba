package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * The fallback for blocks the compiler does not know (custom transforms): runs the original
 * block in inference mode, so any network built from this library's pieces still compiles. The
 * block sees the channels-first layout it was written for, as a copy of the channels-last input,
 * and its result is brought back into channels-last.
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
        // A contiguous channels-first copy, not a view: with channels-last strides libtorch would
        // send the block's convolutions to oneDNN's channels-last kernels, whose 1×1×1 case
        // returns wrong values at some sizes (see FoldedConv). Being a copy, whatever the block
        // returns (even a view of its input) cannot alias the caller's array.
        try (NDArray channelsFirst = ChannelsLast.toChannelsFirst(x)) {
            NDArray y = block.forward(store, new NDList(channelsFirst), false).singletonOrThrow();
            NDArray result = ChannelsLast.of(y);
            if (y != channelsFirst) {
                y.close();
            }
            return result;
        }
    }
}
