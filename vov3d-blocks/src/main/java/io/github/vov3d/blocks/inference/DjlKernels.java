package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;

/**
 * {@link FusedKernels} composed from DJL's own ops, for every engine and device: one {@code
 * addmm} (bias included) per product, then the sum and the ReLU as separate passes. Each step
 * writes at most one new array and frees its owned input at once, so the allocator can hand the
 * same pages to the next op (keeping dead intermediates alive made element-wise ops 20× slower
 * here). Stateless.
 */
final class DjlKernels implements FusedKernels {
    static final DjlKernels INSTANCE = new DjlKernels();

    private DjlKernels() {}

    @Override
    public NDArray linear(NDArray rows, NDArray weight, NDArray bias, NDArray addend,
            boolean relu) {
        NDArray y = Linear.linear(rows, weight, bias).singletonOrThrow();
        if (addend != null) {
            y.addi(addend);
        }
        return relu ? relu(y) : y;
    }

    @Override
    public NDArray relu(NDArray y) {
        NDArray r = Activation.relu(y);
        y.close();
        return r;
    }

    /** Swish as {@code sigmoid(y) *= y}: one allocation and two passes instead of three. */
    @Override
    public NDArray swish(NDArray y) {
        NDArray s = Activation.sigmoid(y);
        s.muli(y);
        y.close();
        return s;
    }

    @Override
    public InferenceKernels kind() {
        return InferenceKernels.DJL_OPS;
    }

    @Override
    public void close() {
        // nothing held
    }
}
