package io.github.vov3d.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * D(2+1)D, the paper's depthwise spatiotemporal factorisation: a 3-D depthwise kernel is split
 * into a spatial 1×k×k and a temporal k×1×1 depthwise convolution sharing one BatchNorm. It
 * costs a fraction of X3D's 3×3×3 channelwise convolution and lets T-OSA stack many of them.
 *
 * <pre>
 *  x ─ a (1×1×1 conv, BN, ReLU) ─ b1 (dw 1×3×3, stride s) ─ b2 (dw 3×1×1) ─ b_bn
 *    ─ [se] ─ Swish ─ c (1×1×1 conv, BN) ─(+ x if shapes allow)─ ReLU
 * </pre>
 *
 * Reference names: {@code a.0}, {@code a.1}, {@code b1}, {@code b2}, {@code b_bn}, {@code se},
 * {@code c.0}, {@code c.1}.
 */
public final class D2Plus1D extends VideoBlock {
    private final int inChannels;
    private final int outChannels;
    private final boolean residual;
    private final Nonlinearity activation;
    private final Block expand;
    private final Block expandBn;
    private final Block spatial;
    private final Block temporal;
    private final Block depthwiseBn;
    private final SqueezeExcitation se;
    private final Block reduce;
    private final Block reduceBn;

    private D2Plus1D(Builder b) {
        inChannels = b.inChannels;
        outChannels = b.outChannels > 0 ? b.outChannels : b.innerChannels / 2;
        residual = inChannels == outChannels && b.spatialStride == 1;
        activation = b.activation;
        int w = b.innerChannels;
        expand = addChildBlock("a.0", Layers.pointwise(w));
        expandBn = addChildBlock("a.1", Layers.batchNorm(false));
        spatial = addChildBlock("b1",
                Layers.depthwise(w, 1, b.spatialKernel, b.spatialStride, b.depthwiseAlgorithm));
        temporal = addChildBlock("b2",
                Layers.depthwise(w, b.temporalKernel, 1, 1, b.depthwiseAlgorithm));
        depthwiseBn = addChildBlock("b_bn", Layers.batchNorm(false));
        se = b.squeezeExcitation
                ? addChildBlock("se", SqueezeExcitation.builder().channels(w).ratio(b.seRatio).build())
                : null;
        reduce = addChildBlock("c.0", Layers.pointwise(outChannels));
        reduceBn = addChildBlock("c.1", Layers.batchNorm(false));
    }

    /**
     * @return a builder; {@code inChannels} and {@code innerChannels} are required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return whether the unit adds its input to its output
     */
    public boolean hasResidual() {
        return residual;
    }

    /**
     * @return whether the unit has a squeeze-excitation block
     */
    public boolean hasSqueezeExcitation() {
        return se != null;
    }

    /**
     * @return the activation applied after the depthwise part (and SE)
     */
    public Nonlinearity activation() {
        return activation;
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray y = Activation.relu(run(expandBn, ps, run(expand, ps, x, training), training));
        y = run(temporal, ps, run(spatial, ps, y, training), training);
        y = run(depthwiseBn, ps, y, training);
        if (se != null) {
            y = run(se, ps, y, training);
        }
        y = activation.apply(y);
        y = run(reduceBn, ps, run(reduce, ps, y, training), training);
        if (residual) {
            y = y.add(x);
        }
        return Activation.relu(y);
    }

    /** {@inheritDoc} */
    @Override
    protected Shape outputShape(Shape input, ChildVisitor v) {
        require(input.get(1) == inChannels,
                "D(2+1)D built for " + inChannels + " input channels got " + input);
        Shape s = through(expandBn, through(expand, input, v), v);
        s = through(depthwiseBn, through(temporal, through(spatial, s, v), v), v);
        if (se != null) {
            s = through(se, s, v);
        }
        s = through(reduceBn, through(reduce, s, v), v);
        if (residual) {
            v.residualSum(input);
        }
        return s;
    }

    /** Fluent, validated options of {@link D2Plus1D}; defaults reproduce the paper. */
    public static final class Builder extends UnitBuilder<Builder> {
        private boolean squeezeExcitation = true;

        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /** @param on whether to insert SE after the depthwise BN (default on) @return this */
        public Builder squeezeExcitation(boolean on) {
            squeezeExcitation = on;
            return this;
        }

        /** @return the block (output width defaults to inner / 2, as in T-OSA) */
        public D2Plus1D build() {
            validate("D(2+1)D", false);
            require(outChannels > 0 || innerChannels >= 2,
                    "D(2+1)D derives out = inner / 2, which needs inner >= 2");
            return new D2Plus1D(this);
        }
    }
}
