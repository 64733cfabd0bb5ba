package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;

/**
 * Squeeze-excitation that gates an owned feature map in place: the gate is tiny (N×C), so the
 * only full-size pass is the multiplication, and it writes no new array.
 */
final class FastSqueezeExcitation {
    private final FoldedConv fc1;
    private final FoldedConv fc2;

    private FastSqueezeExcitation(FoldedConv fc1, FoldedConv fc2) {
        this.fc1 = fc1;
        this.fc2 = fc2;
    }

    static FastSqueezeExcitation compile(Block se, WeightFolder folder) {
        ChildBlocks c = ChildBlocks.of(se);
        return new FastSqueezeExcitation(folder.conv(c.get("fc1")), folder.conv(c.get("fc2")));
    }

    /**
     * @param y an owned N×C×T×H×W array, multiplied in place by its channel gate
     */
    void gateInPlace(NDArray y) {
        Shape s = y.getShape();
        NDArray gate;
        try (NDArray pooled = Pool.globalAvgPool3d(y);
                NDArray column = pooled.reshape(s.get(0), s.get(1), 1, 1, 1);
                NDArray hidden = Kernels.relu(fc1.apply(column));
                NDArray logits = fc2.apply(hidden)) {
            gate = Activation.sigmoid(logits);
        }
        y.muli(gate);
        gate.close();
    }
}
