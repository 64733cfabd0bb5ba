package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;
import io.github.vov3d.blocks.Nonlinearity;

/**
 * The element-wise and matrix steps of a compiled pass, in whatever form the engine runs
 * fastest. A pointwise convolution is a matrix product over the positions, and it is usually
 * followed by a ReLU, a residual sum or both: fused into the product they cost no extra pass
 * over memory. DJL's NDArray API has no fused forms and no in-place activations, so {@link
 * DjlKernels} composes them from separate ops (any engine, any device) while {@link
 * TorchScriptKernels} reaches libtorch's oneDNN kernels on the PyTorch engine's CPU.
 *
 * <p>Contract shared by every step: an array called <em>owned</em> is consumed (closed, or
 * reused in place and returned); every other input is left untouched; the result is owned by
 * the caller.
 */
interface FusedKernels extends AutoCloseable {

    /**
     * {@code relu?(rows · weightᵀ + bias + addend?)}.
     *
     * @param rows an M×K array (left open)
     * @param weight O×K
     * @param bias O values
     * @param addend an M×O array added before the optional ReLU, or null (left open)
     * @param relu whether to apply ReLU last
     * @return a new M×O array
     */
    NDArray linear(NDArray rows, NDArray weight, NDArray bias, NDArray addend, boolean relu);

    /**
     * @param y an owned array
     * @return max(y, 0)
     */
    NDArray relu(NDArray y);

    /**
     * @param y an owned array
     * @return y·sigmoid(y)
     */
    NDArray swish(NDArray y);

    /**
     * @param a the activation
     * @param y an owned array
     * @return the activated array
     */
    default NDArray activate(Nonlinearity a, NDArray y) {
        return switch (a) {
            case SWISH -> swish(y);
            case RELU -> relu(y);
        };
    }

    /** @return which kernels these are */
    InferenceKernels kind();

    /** Frees what the kernels hold (nothing for composed DJL ops); closing twice is harmless. */
    @Override
    void close();
}
