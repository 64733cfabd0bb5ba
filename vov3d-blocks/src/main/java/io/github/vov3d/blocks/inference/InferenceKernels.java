package io.github.vov3d.blocks.inference;

/**
 * What runs a {@link CompiledNetwork}'s pointwise convolutions and activations. The compiled
 * function is the same either way (the golden parity tests check every kind); the difference is
 * speed. {@link FastInference} takes the library's native kernels where they are available and
 * pass a check at compile time, else libtorch's fused kernels, each stage scripted, where those
 * are available and pass theirs, DJL's own ops otherwise; the system property {@code
 * vov3d.inference.native} set to {@code false} leaves the native kernels out, {@code
 * vov3d.inference.kernels} set to {@code fused} keeps the stages op by op, set to {@code djl}
 * forces DJL's ops.
 */
public enum InferenceKernels {
    /**
     * The library's own CPU kernels (AVX-512, built with the module for Linux x86-64): the whole
     * eval pass as one native program — each pointwise convolution a register-blocked product
     * that applies the SE gate and Swish as it reads its input and the residual sum and ReLU as
     * it writes its output, each depthwise convolution with its activation fused, the stem read
     * straight from the channels-first clip. The default where available (see {@link
     * FastInference#compile(io.github.vov3d.blocks.network.VideoNetwork)}); the same function to
     * float rounding, its last-stage features checked at compile time against libtorch's kernels
     * on two small clips (the head is covered by the tests).
     */
    NATIVE("the library's AVX-512 kernels, the whole pass one native program (SE gate, Swish, "
            + "residual sum and ReLU fused into the products)"),

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
