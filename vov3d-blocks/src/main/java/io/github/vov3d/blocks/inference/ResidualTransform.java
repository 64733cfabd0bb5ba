package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;

/**
 * A compiled residual branch that ends in a pointwise convolution, so the block's shortcut sum
 * and ReLU can be fused into that last product instead of costing two more passes over the
 * block's output.
 */
interface ResidualTransform extends InferenceOp {
    /**
     * @param x the block input (left open)
     * @param shortcut the shortcut's value, of the output's shape (left open)
     * @return {@code relu(transform(x) + shortcut)}, a new array
     */
    NDArray applyWithShortcut(NDArray x, NDArray shortcut);

    /**
     * Writes {@link #applyWithShortcut} into a stage's TorchScript.
     *
     * @param out the stage being written
     * @param x the variable holding the block input
     * @param shortcut the variable holding the shortcut's value
     * @return the variable holding {@code relu(transform(x) + shortcut)}
     */
    String emitWithShortcut(TorchScriptWriter out, String x, String shortcut);

    /**
     * Writes {@link #applyWithShortcut} into a native program.
     *
     * @param out the program being written
     * @param x the buffer holding the block input (kept)
     * @param shortcut the buffer holding the shortcut's value (kept)
     * @return the buffer holding {@code relu(transform(x) + shortcut)}
     */
    int emitNativeWithShortcut(NativeProgramWriter out, int x, int shortcut);
}
