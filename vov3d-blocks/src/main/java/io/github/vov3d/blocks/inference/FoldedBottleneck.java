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
