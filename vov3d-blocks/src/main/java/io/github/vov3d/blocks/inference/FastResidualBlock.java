package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;

/**
 * {@code ReLU(shortcut(x) + transform(x))} with the projection's BatchNorm folded and the sum
 * taken in place on the transform's (owned) output.
 */
final class FastResidualBlock implements InferenceOp {
    private final FoldedConv projection;
    private final InferenceOp transform;

    /**
     * @param projection the folded shortcut projection, or null for the identity
     * @param transform the compiled residual branch
     */
    FastResidualBlock(FoldedConv projection, InferenceOp transform) {
        this.projection = projection;
        this.transform = transform;
    }

    @Override
    public NDArray apply(NDArray x) {
        NDArray y = transform.apply(x);
        if (projection == null) {
            y.addi(x);
        } else {
            try (NDArray shortcut = projection.apply(x)) {
                y.addi(shortcut);
            }
        }
        return Kernels.relu(y);
    }
}
