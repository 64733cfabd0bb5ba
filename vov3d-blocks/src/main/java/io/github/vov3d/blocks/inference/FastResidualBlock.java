package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;
import io.github.vov3d.blocks.Nonlinearity;

/**
 * {@code ReLU(shortcut(x) + transform(x))} with the projection's BatchNorm folded. A transform
 * the compiler knows ({@link ResidualTransform}) takes the shortcut's value and the ReLU fused
 * into its last pointwise product; any other gets the sum in place on its (owned) output. A
 * projection shortcut is computed first and held until the transform has finished (one array
 * of the block's output size, in the first block of a stage).
 */
final class FastResidualBlock implements InferenceOp {
    private final FoldedConv projection;
    private final InferenceOp transform;
    private final FusedKernels kernels;

    /**
     * @param projection the folded shortcut projection, or null for the identity
     * @param transform the compiled residual branch
     * @param kernels what runs the ReLU of a transform that does not fuse it
     */
    FastResidualBlock(FoldedConv projection, InferenceOp transform, FusedKernels kernels) {
        this.projection = projection;
        this.transform = transform;
        this.kernels = kernels;
    }

    @Override
    public NDArray apply(NDArray x) {
        if (transform instanceof ResidualTransform fusing) {
            if (projection == null) {
                return fusing.applyWithShortcut(x, x);
            }
            try (NDArray shortcut = projection.apply(x)) {
                return fusing.applyWithShortcut(x, shortcut);
            }
        }
        NDArray y = transform.apply(x);
        if (projection == null) {
            y.addi(x);
            return kernels.relu(y);
        }
        try (y) {
            return projection.apply(x, y, true);
        }
    }

    @Override
    public boolean scriptable() {
        return transform.scriptable();
    }

    @Override
    public boolean nativeEmittable() {
        return transform instanceof ResidualTransform && transform.nativeEmittable()
                && (projection == null || projection.isPointwise());
    }

    @Override
    public int emitNative(NativeProgramWriter out, int x) {
        if (!(transform instanceof ResidualTransform fusing)) {
            throw new UnsupportedOperationException("a residual branch of "
                    + transform.getClass().getSimpleName() + " has no native form");
        }
        int none = NativeProgramWriter.NONE;
        int shortcut = projection == null ? x
                : projection.emitNativePointwise(out, x, none, none, false, none, null);
        int y = fusing.emitNativeWithShortcut(out, x, shortcut);
        if (shortcut != x) {
            out.free(shortcut);
        }
        return y;
    }

    @Override
    public String emit(TorchScriptWriter out, String x) {
        if (transform instanceof ResidualTransform fusing) {
            String shortcut = projection == null ? x : projection.emit(out, x, null, false);
            return fusing.emitWithShortcut(out, x, shortcut);
        }
        String y = transform.emit(out, x);
        if (projection != null) {
            return projection.emit(out, x, y, true);
        }
        out.run("torch.add_(" + y + ", " + x + ")");
        out.activateInPlace(Nonlinearity.RELU, y);
        return y;
    }
}
