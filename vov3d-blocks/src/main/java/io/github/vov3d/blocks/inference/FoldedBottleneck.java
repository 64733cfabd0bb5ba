package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;
import io.github.vov3d.blocks.Nonlinearity;

/**
 * The part X3D's bottleneck and a D(2+1)D unit share once compiled: a pointwise expansion with
 * its BN folded and ReLU, one depthwise convolution with its BN folded, SE applied in place, the
 * activation, and the pointwise projection with its BN folded. Each intermediate is closed as
 * soon as the next op has consumed it, so a pass never holds more than two activations.
 *
 * @param expand pointwise expansion (BN folded)
 * @param depthwise depthwise convolution (BN folded)
 * @param se squeeze-excitation, or null
 * @param activation applied after the depthwise part and SE
 * @param project pointwise projection (BN folded)
 */
record FoldedBottleneck(FoldedConv expand, FoldedConv depthwise, FastSqueezeExcitation se,
        Nonlinearity activation, FoldedConv project) {

    /** @param x the block input (left open) @return the projected output, a new array */
    NDArray apply(NDArray x) {
        NDArray y;
        try (NDArray expanded = Kernels.relu(expand.apply(x))) {
            y = depthwise.apply(expanded);
        }
        if (se != null) {
            se.gateInPlace(y);
        }
        try (NDArray activated = Kernels.activate(activation, y)) {
            return project.apply(activated);
        }
    }
}
