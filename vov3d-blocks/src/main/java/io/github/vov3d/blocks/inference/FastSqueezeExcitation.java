package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;

/**
 * Squeeze-excitation that gates an owned feature map in place: the gate is tiny (N×C), so the
 * only full-size pass is the multiplication, and it writes no new array.
 */
final class FastSqueezeExcitation {
    private static final int[] POSITIONS = {1};

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
     * @param y an owned N×T×H×W×C channels-last array, multiplied in place by its channel gate
     */
    void gateInPlace(NDArray y) {
        NDArray gate;
        long n = y.getShape().get(0);
        long c = y.getShape().get(4);
        try (NDArray rows = y.reshape(n, -1, c);
                NDArray mean = rows.mean(POSITIONS, true);
                NDArray pooled = mean.reshape(n, 1, 1, 1, c);
                NDArray hidden = fc1.apply(pooled, null, true);
                NDArray logits = fc2.apply(hidden)) {
            gate = Activation.sigmoid(logits);
        }
        y.muli(gate);
        gate.close();
    }

    /** @return whether both layers are pointwise (the native gate's form) */
    boolean nativeEmittable() {
        return fc1.isPointwise() && fc2.isPointwise();
    }

    /**
     * Writes the gate of {@link #gateInPlace} into a native program; the multiplication is left
     * to the reader of {@code y} (the projection after it applies it as it loads its input).
     *
     * @param out the program being written
     * @param y the buffer holding the activation to gate (kept, unmodified)
     * @return the buffer holding the N×1×1×1×C gate
     */
    int emitNativeGate(NativeProgramWriter out, int y) {
        return out.squeezeExcite(y, fc1.matrixValues(), fc1.biasValues(), fc2.matrixValues(),
                fc2.biasValues(), fc1.inputs(), fc1.outputs());
    }

    /**
     * Writes {@link #gateInPlace} into a stage's TorchScript.
     *
     * @param out the stage being written
     * @param y the variable holding an array the stage owns, multiplied in place
     */
    void emitGate(TorchScriptWriter out, String y) {
        String pooled = out.let("torch.reshape(torch.mean(torch.reshape(" + y + ", [torch.size(" + y
                + ", 0), -1, torch.size(" + y + ", 4)]), [1], True), [torch.size(" + y
                + ", 0), 1, 1, 1, torch.size(" + y + ", 4)])");
        String hidden = fc1.emitMatrixProduct(out, pooled, true);
        String logits = fc2.emitMatrixProduct(out, hidden, false);
        out.run("torch.mul_(" + y + ", torch.sigmoid(" + logits + "))");
    }
}
