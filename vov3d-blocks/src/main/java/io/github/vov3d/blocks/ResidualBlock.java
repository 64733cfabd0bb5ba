package io.github.vov3d.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * PySlowFast's {@code ResBlock}: {@code ReLU(shortcut(x) + transform(x))}. The shortcut is the
 * identity unless the width or the resolution changes, in which case it is a strided 1×1×1
 * projection with BatchNorm. Reference names: {@code branch1}, {@code branch1_bn},
 * {@code branch2}.
 */
public final class ResidualBlock extends VideoBlock {
    private final int inChannels;
    private final Block projection;
    private final Block projectionBn;
    private final Block transform;

    private ResidualBlock(Builder b) {
        inChannels = b.context.inChannels();
        boolean project =
                b.context.inChannels() != b.context.outChannels() || b.context.spatialStride() != 1;
        if (project) {
            projection = addChildBlock("branch1",
                    Layers.pointwise(b.context.outChannels(), b.context.spatialStride()));
            projectionBn = addChildBlock("branch1_bn", Layers.batchNorm(false));
        } else {
            projection = null;
            projectionBn = null;
        }
        transform = addChildBlock("branch2", b.transform.create(b.context));
    }

    /**
     * @return a builder; the context and the transform are required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return whether the shortcut is a projection rather than the identity
     */
    public boolean hasProjection() {
        return projection != null;
    }

    /**
     * @return the residual branch ({@code branch2})
     */
    public Block transform() {
        return transform;
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray shortcut = projection == null
                ? x
                : run(projectionBn, ps, run(projection, ps, x, training), training);
        return Activation.relu(run(transform, ps, x, training).add(shortcut));
    }

    /** {@inheritDoc} */
    @Override
    protected Shape outputShape(Shape input, ChildVisitor v) {
        require(input.get(1) == inChannels,
                "residual block built for " + inChannels + " input channels got " + input);
        Shape shortcut = projection == null
                ? input
                : through(projectionBn, through(projection, input, v), v);
        Shape out = through(transform, input, v);
        require(out.equals(shortcut),
                "transform output " + out + " does not match the shortcut " + shortcut);
        v.residualSum(shortcut);
        return out;
    }

    /** Fluent, validated options of {@link ResidualBlock}. */
    public static final class Builder {
        private TransformContext context;
        private TransformFactory transform;

        private Builder() {}

        /** @param c widths, stride and index of this block @return this */
        public Builder context(TransformContext c) {
            context = c;
            return this;
        }

        /** @param f creates the residual branch @return this */
        public Builder transform(TransformFactory f) {
            transform = f;
            return this;
        }

        /** @return the block */
        public ResidualBlock build() {
            require(context != null, "a residual block needs its TransformContext");
            require(transform != null, "a residual block needs a TransformFactory");
            return new ResidualBlock(this);
        }
    }
}
