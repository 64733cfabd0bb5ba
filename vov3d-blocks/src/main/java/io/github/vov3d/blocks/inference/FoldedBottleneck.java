package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;
import io.github.vov3d.blocks.Nonlinearity;

/**
 * The part X3D's bottleneck and a D(2+1)D unit share once compiled: a pointwise expansion with
 * its BN folded and ReLU, one depthwise convolution with its BN folded, SE applied in place, the
 * activation, and the pointwise projection with its BN folded (and, where the caller asks, the
 * residual sum and ReLU fused into it). Each intermediate is closed as
 * soon as the next op has consumed it, so a pass never holds more than two activations.
 *
 * @param expand pointwise expansion (BN folded)
 * @param depthwise depthwise convolution (BN folded)
 * @param se squeeze-excitation, or null
 * @param activation applied after the depthwise part and SE
 * @param project pointwise projection (BN folded)
 * @param kernels what runs the activation
 */
record FoldedBottleneck(FoldedConv expand, FoldedConv depthwise, FastSqueezeExcitation se,
        Nonlinearity activation, FoldedConv project, FusedKernels kernels) {

    /**
     * @param x the block input (left open)
     * @param addend added to the projection (left open; fused into it), or null
     * @param relu whether ReLU follows the projection (and the sum; fused too)
     * @return the projected output, a new array
     */
    NDArray apply(NDArray x, NDArray addend, boolean relu) {
        NDArray y;
        try (NDArray expanded = expand.apply(x, null, true)) {
            y = depthwise.apply(expanded);
        }
        if (se != null) {
            se.gateInPlace(y);
        }
        try (NDArray activated = kernels.activate(activation, y)) {
            return project.apply(activated, addend, relu);
        }
    }

    /**
     * Writes {@link #apply} into a native program.
     *
     * @param out the program being written
     * @param x the buffer holding the block input (kept)
     * @param addend the buffer to add to the projection (kept), or {@link NativeProgramWriter#NONE}
     * @param relu whether ReLU follows the projection
     * @return the buffer holding the projected output
     */
    int emitNative(NativeProgramWriter out, int x, int addend, boolean relu) {
        // with SE, the gate and the activation are applied as the projection reads its input
        Nonlinearity depthwiseActivation = se == null ? activation : null;
        int y;
        if (expand.isUnstridedPointwise()) {
            y = expand.emitNativeExpandDepthwise(out, x, true, depthwise, depthwiseActivation);
        } else {
            int expanded = expand.emitNativePointwise(out, x, NativeProgramWriter.NONE,
                    NativeProgramWriter.NONE, true, NativeProgramWriter.NONE, null);
            y = depthwise.emitNativeConvolution(out, expanded, depthwiseActivation);
            out.free(expanded);
        }
        int result;
        if (se != null) {
            int gate = se.emitNativeGate(out, y);
            result = project.emitNativePointwise(out, y, addend, NativeProgramWriter.NONE, relu,
                    gate, activation);
            out.free(gate);
        } else {
            result = project.emitNativePointwise(out, y, addend, NativeProgramWriter.NONE, relu,
                    NativeProgramWriter.NONE, null);
        }
        out.free(y);
        return result;
    }

    /** @return whether {@link #emitNative} can write every part of this bottleneck */
    boolean nativeEmittable() {
        return expand.isPointwise() && depthwise.isDepthwise() && project.isPointwise()
                && (se == null || se.nativeEmittable());
    }

    /**
     * Writes {@link #apply} into a stage's TorchScript.
     *
     * @param out the stage being written
     * @param x the variable holding the block input
     * @param addend the variable holding what to add to the projection, or null
     * @param relu whether ReLU follows the projection
     * @return the variable holding the projected output
     */
    String emit(TorchScriptWriter out, String x, String addend, boolean relu) {
        String expanded = expand.emit(out, x, null, true);
        String y = depthwise.emit(out, expanded, null, false);
        if (se != null) {
            se.emitGate(out, y);
        }
        out.activateInPlace(activation, y);
        return project.emit(out, y, addend, relu);
    }
}
