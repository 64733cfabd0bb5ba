package io.github.vov3d.blocks.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.vov3d.blocks.ResidualStage;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link VideoNetwork} block by block, each block in its own sub-manager that is closed
 * as soon as the block's output exists, so every intermediate of the pass is released right
 * after its consumer ran instead of living until the caller's manager closes.
 *
 * <p>Why: DJL keeps every NDArray an op returns until its manager closes; in a training pass
 * that is every activation of the network, including the many that autograd never reads again
 * (BatchNorm outputs feeding a ReLU, residual sums, the pre-activation copies of Swish). Closing
 * a Java handle only drops one reference: whatever backward needs stays alive inside libtorch's
 * graph, so the computed values, the gradients and the BatchNorm statistics are exactly those of
 * {@code network.forward} (same ops, same order; {@code ScopedForwardTest} checks bitwise
 * equality). What changes is that freed buffers are reused by the next ops, so the pass faults
 * in far fewer fresh pages and needs less memory. Use it for training passes; for inference
 * {@code FastInference} goes further.
 */
public final class ScopedForward {
    private ScopedForward() {}

    /**
     * @param network the network
     * @param ps the parameter store
     * @param x the clip batch, N×3×T×H×W (left open, owned by the caller)
     * @param training training mode (batch statistics, dropout)
     * @return the network's output, attached to {@code x}'s manager
     */
    public static NDArray run(VideoNetwork network, ParameterStore ps, NDArray x, boolean training) {
        NDManager home = x.getManager();
        NDArray y = x;
        for (Block block : sequence(network)) {
            NDArray in = y;
            NDArray out;
            try (NDManager scope = home.newSubManager()) {
                scope.tempAttachAll(in);
                out = block.forward(ps, new NDList(in), training).singletonOrThrow();
                out.attach(home);
            }
            if (in != x) {
                in.close();
            }
            y = out;
        }
        return y;
    }

    private static List<Block> sequence(VideoNetwork network) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(network.stem());
        for (ResidualStage stage : network.stages()) {
            blocks.addAll(stage.blocks());
        }
        blocks.add(network.head());
        return blocks;
    }
}
