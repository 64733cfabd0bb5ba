package io.github.vov3d.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * Swish, {@code x * sigmoid(x)}, as a parameter-free block so it can be placed in user-built
 * sequences. Inside our own blocks the same function is applied through {@link Nonlinearity}.
 */
public final class Swish extends VideoBlock {

    /** Creates the block (it has no options). */
    public Swish() {}

    /** {@inheritDoc} */
    @Override
    protected NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        return Nonlinearity.SWISH.apply(x);
    }

    /** {@inheritDoc} */
    @Override
    protected Shape outputShape(Shape input, ChildVisitor visitor) {
        return input;
    }
}
