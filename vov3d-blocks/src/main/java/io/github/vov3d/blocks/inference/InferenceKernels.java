package io.github.vov3d.blocks.inference;

/**
 * What runs a {@link CompiledNetwork}'s pointwise convolutions and activations. The compiled
 * function is the same either way (the golden parity tests check both); the difference is
 * speed. {@link FastInference} takes libtorch's fused kernels, each stage scripted, where they
 * are available and pass a check at compile time, DJL's own ops otherwise; the system property
 * {@code vov3d.inference.kernels} set to {@code fused} keeps the stages op by op, set to {@code
 * djl} forces DJL's ops.
 */
public enum InferenceKernels {
    /**
     * {@link #LIBTORCH_FUSED}'s kernels with each stage of the network written as one TorchScript
     * function, generated at compile time: libtorch dispatches a stage's operators itself, where
     * run op by op every step is a call through DJL (about a fifth of VoV3D-M's pass at 224×224).
     * The same function to float rounding (every stage product goes to oneDNN here, where the op
     * by op form sends small ones to {@code addmm}). Stages holding a block the compiler does not
     * know run op by op.
     */
    LIBTORCH_SCRIPTED("each stage one generated TorchScript function on libtorch's oneDNN "
            + "kernels (fused inner products, in-place activations)"),

    /**
     * libtorch's oneDNN kernels on the PyTorch engine's CPU: each pointwise convolution as one
     * inner product with the following ReLU or residual sum fused in (both: the fused sum, then
     * ReLU in place), large ReLU and Swish passes in place; small steps stay on DJL's ops.
     * Reached through small TorchScript modules generated and checked at compile time.
     */
    LIBTORCH_FUSED("libtorch oneDNN inner product with fused ReLU or sum, in-place activations"),

    /**
     * DJL's own ops, for any engine and device: a matrix product ({@code addmm}) per pointwise
     * convolution, then the sum and the activation as separate passes.
     */
    DJL_OPS("DJL ops: addmm, then sum and activation as separate passes");

    private final String description;

    InferenceKernels(String description) {
        this.description = description;
    }

    /** @return a one-line description for reports */
    public String description() {
        return description;
    }
}
