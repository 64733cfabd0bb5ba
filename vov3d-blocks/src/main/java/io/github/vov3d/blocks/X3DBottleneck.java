package io.github.vov3d.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * X3D's bottleneck transform, the baseline VoV3D is compared with: expand with a 1×1×1
 * convolution, one channelwise 3×3×3 convolution (the whole spatiotemporal kernel at once),
 * optional SE, Swish, project back.
 *
 * <pre>
 *  x ─ a ─ a_bn ─ ReLU ─ b (dw 3×3×3, stride s) ─ b_bn ─ [se] ─ Swish ─ c ─ c_bn
 * </pre>
 *
 * Reference names: {@code a}, {@code a_bn}, {@code b}, {@code b_bn}, {@code se}, {@code c},
 * {@code c_bn} ({@code c_bn} is the zero-initialised final BN).
 */
public final class X3DBottleneck extends VideoBlock {
    private final int inChannels;
    private final Nonlinearity activation;
    private final Block expand;
    private final Block expandBn;
    private final Block depthwise;
    private final Block depthwiseBn;
    private final SqueezeExcitation se;
    private final Block project;
    private final Block projectBn;

    private X3DBottleneck(Builder b) {
        inChannels = b.inChannels;
        activation = b.activation;
        int w = b.innerChannels;
        expand = addChildBlock("a", Layers.pointwise(w));
        expandBn = addChildBlock("a_bn", Layers.batchNorm(false));
        depthwise = addChildBlock("b",
                Layers.depthwise(w, b.temporalKernel, b.spatialKernel, b.spatialStride,
                        b.depthwiseAlgorithm));
        depthwiseBn = addChildBlock("b_bn", Layers.batchNorm(false));
        se = b.squeezeExcitation
                ? addChildBlock("se", SqueezeExcitation.builder().channels(w).ratio(b.seRatio).build())
                : null;
        project = addChildBlock("c", Layers.pointwise(b.outChannels));
        projectBn = addChildBlock("c_bn", Layers.batchNorm(b.zeroInitFinalBn));
    }

    /**
     * @return a builder; in, inner and out channels are required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a transform factory with X3D's options: SE on even blocks of a stage, Swish
     */
    public static TransformFactory factory() {
        return factory(builder(), SePlacement.EVEN);
    }

    /**
     * @param options kernel, ratio and activation options applied to every block
     * @param sePlacement which blocks of a stage (by index) get SE
     * @return the factory
     */
    public static TransformFactory factory(Builder options, SePlacement sePlacement) {
        return ctx ->
                options.copy()
                        .inChannels(ctx.inChannels())
                        .innerChannels(ctx.innerChannels())
                        .outChannels(ctx.outChannels())
                        .spatialStride(ctx.spatialStride())
                        .squeezeExcitation(sePlacement.appliesTo(ctx.blockIndex()))
                        .build();
    }

    /**
     * @return whether this block has SE
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
        y = run(depthwiseBn, ps, run(depthwise, ps, y, training), training);
        if (se != null) {
            y = run(se, ps, y, training);
        }
        y = activation.apply(y);
        return run(projectBn, ps, run(project, ps, y, training), training);
    }

    /** {@inheritDoc} */
    @Override
    protected Shape outputShape(Shape input, ChildVisitor v) {
        require(input.get(1) == inChannels,
                "X3D bottleneck built for " + inChannels + " input channels got " + input);
        Shape s = through(expandBn, through(expand, input, v), v);
        s = through(depthwiseBn, through(depthwise, s, v), v);
        if (se != null) {
            s = through(se, s, v);
        }
        return through(projectBn, through(project, s, v), v);
    }

    /** Fluent, validated options of {@link X3DBottleneck}; defaults are X3D's. */
    public static final class Builder extends UnitBuilder<Builder> {
        private boolean squeezeExcitation = true;
        private boolean zeroInitFinalBn = true;

        private Builder() {}

        private Builder(Builder other) {
            super(other);
            squeezeExcitation = other.squeezeExcitation;
            zeroInitFinalBn = other.zeroInitFinalBn;
        }

        @Override
        Builder self() {
            return this;
        }

        Builder copy() {
            return new Builder(this);
        }

        /** @param on whether this block has SE @return this */
        public Builder squeezeExcitation(boolean on) {
            squeezeExcitation = on;
            return this;
        }

        /** @param on zero-initialise {@code c_bn}'s gamma (default on) @return this */
        public Builder zeroInitFinalBn(boolean on) {
            zeroInitFinalBn = on;
            return this;
        }

        /** @return the block */
        public X3DBottleneck build() {
            validate("X3D bottleneck", true);
            return new X3DBottleneck(this);
        }
    }
}
