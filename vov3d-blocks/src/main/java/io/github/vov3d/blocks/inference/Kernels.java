package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import io.github.vov3d.blocks.Nonlinearity;

/**
 * Element-wise steps that consume an owned array: each writes at most one new array and frees
 * its input at once, so the allocator can hand the same pages to the next op (keeping dead
 * intermediates alive made element-wise ops 20× slower here).
 */
final class Kernels {
    private Kernels() {}

    /**
     * @param y an owned array, closed by this call
     * @return max(y, 0)
     */
    static NDArray relu(NDArray y) {
        NDArray r = Activation.relu(y);
        y.close();
        return r;
    }

    /**
     * Swish as {@code sigmoid(y) *= y}: one allocation and two passes instead of three.
     *
     * @param y an owned array, closed by this call
     * @return y·sigmoid(y)
     */
    static NDArray swish(NDArray y) {
        NDArray s = Activation.sigmoid(y);
        s.muli(y);
        y.close();
        return s;
    }

    /**
     * @param a the activation
     * @param y an owned array, closed by this call
     * @return the activated array
     */
    static NDArray activate(Nonlinearity a, NDArray y) {
        return switch (a) {
            case SWISH -> swish(y);
            case RELU -> relu(y);
        };
    }
}
