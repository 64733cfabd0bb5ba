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
                Layers.conv(w, b.temporalKernel, b.spatialKernel, b.spatialStride, w, false));
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
    public static final class Builder {
        private int inChannels;
        private int innerChannels;
        private int outChannels;
        private int spatialStride = 1;
        private int spatialKernel = 3;
        private int temporalKernel = 3;
        private boolean squeezeExcitation = true;
        private double seRatio = 1.0 / 16;
        private Nonlinearity activation = Nonlinearity.SWISH;
        private boolean zeroInitFinalBn = true;

        private Builder() {}

        Builder copy() {
            Builder c = new Builder();
            c.inChannels = inChannels;
            c.innerChannels = innerChannels;
            c.outChannels = outChannels;
            c.spatialStride = spatialStride;
            c.spatialKernel = spatialKernel;
            c.temporalKernel = temporalKernel;
            c.squeezeExcitation = squeezeExcitation;
            c.seRatio = seRatio;
            c.activation = activation;
            c.zeroInitFinalBn = zeroInitFinalBn;
            return c;
        }

        /** @param c input channels @return this */
        public Builder inChannels(int c) {
            inChannels = c;
            return this;
        }

        /** @param c bottleneck width @return this */
        public Builder innerChannels(int c) {
            innerChannels = c;
            return this;
        }

        /** @param c output channels @return this */
        public Builder outChannels(int c) {
            outChannels = c;
            return this;
        }

        /** @param s spatial stride of the channelwise convolution @return this */
        public Builder spatialStride(int s) {
            spatialStride = s;
            return this;
        }

        /** @param k odd spatial kernel (default 3) @return this */
        public Builder spatialKernel(int k) {
            spatialKernel = k;
            return this;
        }

        /** @param k odd temporal kernel (default 3) @return this */
        public Builder temporalKernel(int k) {
            temporalKernel = k;
            return this;
        }

        /** @param on whether this block has SE @return this */
        public Builder squeezeExcitation(boolean on) {
            squeezeExcitation = on;
            return this;
        }

        /** @param r SE reduction ratio (default 1/16) @return this */
        public Builder seRatio(double r) {
            seRatio = r;
            return this;
        }

        /** @param a inner activation (default Swish) @return this */
        public Builder activation(Nonlinearity a) {
            activation = a;
            return this;
        }

        /** @param on zero-initialise {@code c_bn}'s gamma (default on) @return this */
        public Builder zeroInitFinalBn(boolean on) {
            zeroInitFinalBn = on;
            return this;
        }

        /** @return the block */
        public X3DBottleneck build() {
            require(inChannels > 0 && innerChannels > 0 && outChannels > 0,
                    "X3D bottleneck needs positive widths; got in=" + inChannels + " inner="
                            + innerChannels + " out=" + outChannels);
            require(spatialStride >= 1, "spatial stride must be >= 1, got " + spatialStride);
            require(spatialKernel % 2 == 1 && temporalKernel % 2 == 1, "kernel sizes must be odd");
            require(activation != null, "activation must not be null");
            return new X3DBottleneck(this);
        }
    }
}
