package io.github.vov3d.blocks;

/**
 * The options every convolutional unit of this library shares (widths, stride, kernel sizes,
 * SE ratio, inner activation), in one place, so the builders of {@link D2Plus1D},
 * {@link TemporalOneShotAggregation} and {@link X3DBottleneck} accept them identically and
 * validate them the same way. Defaults are the paper's.
 *
 * @param <B> the concrete builder, for fluent chaining
 */
public abstract class UnitBuilder<B extends UnitBuilder<B>> {
    int inChannels;
    int innerChannels;
    int outChannels;
    int spatialStride = 1;
    int spatialKernel = 3;
    int temporalKernel = 3;
    double seRatio = 1.0 / 16;
    Nonlinearity activation = Nonlinearity.SWISH;
    DepthwiseAlgorithm depthwiseAlgorithm = DepthwiseAlgorithm.FASTEST;

    /** Creates a builder with the paper's defaults. */
    UnitBuilder() {}

    /** @param other a builder whose shared options are copied */
    UnitBuilder(UnitBuilder<?> other) {
        inChannels = other.inChannels;
        innerChannels = other.innerChannels;
        outChannels = other.outChannels;
        spatialStride = other.spatialStride;
        spatialKernel = other.spatialKernel;
        temporalKernel = other.temporalKernel;
        seRatio = other.seRatio;
        activation = other.activation;
        depthwiseAlgorithm = other.depthwiseAlgorithm;
    }

    /** @return this, typed */
    abstract B self();

    /** @param c input channels @return this */
    public B inChannels(int c) {
        inChannels = c;
        return self();
    }

    /** @param c inner (expanded, depthwise) width @return this */
    public B innerChannels(int c) {
        innerChannels = c;
        return self();
    }

    /** @param c output channels @return this */
    public B outChannels(int c) {
        outChannels = c;
        return self();
    }

    /** @param s spatial stride (time is never strided) @return this */
    public B spatialStride(int s) {
        spatialStride = s;
        return self();
    }

    /** @param k odd spatial kernel size (default 3) @return this */
    public B spatialKernel(int k) {
        spatialKernel = k;
        return self();
    }

    /** @param k odd temporal kernel size (default 3) @return this */
    public B temporalKernel(int k) {
        temporalKernel = k;
        return self();
    }

    /** @param r SE reduction ratio before rounding to 8 (default 1/16) @return this */
    public B seRatio(double r) {
        seRatio = r;
        return self();
    }

    /** @param a activation after the depthwise part (default Swish) @return this */
    public B activation(Nonlinearity a) {
        activation = a;
        return self();
    }

    /**
     * @param a how the depthwise convolutions compute (default {@link DepthwiseAlgorithm#FASTEST};
     *     {@link DepthwiseAlgorithm#CONV3D} runs them exactly as PySlowFast does)
     * @return this
     */
    public B depthwiseAlgorithm(DepthwiseAlgorithm a) {
        depthwiseAlgorithm = a;
        return self();
    }

    /**
     * Checks the shared options.
     *
     * @param unit the unit's name for messages
     * @param outRequired whether the output width must be given
     */
    void validate(String unit, boolean outRequired) {
        VideoBlock.require(inChannels > 0 && innerChannels > 0 && (!outRequired || outChannels > 0),
                unit + " needs positive widths; got in=" + inChannels + " inner=" + innerChannels
                        + " out=" + outChannels);
        VideoBlock.require(spatialStride >= 1, unit + ": spatial stride must be >= 1, got " + spatialStride);
        VideoBlock.require(spatialKernel % 2 == 1 && temporalKernel % 2 == 1 && spatialKernel > 0
                        && temporalKernel > 0,
                unit + ": kernel sizes must be odd (same padding), got spatial " + spatialKernel
                        + ", temporal " + temporalKernel);
        VideoBlock.require(seRatio > 0 && seRatio <= 1, unit + ": SE ratio must be in (0, 1], got " + seRatio);
        VideoBlock.require(activation != null, unit + ": activation must not be null");
        VideoBlock.require(depthwiseAlgorithm != null, unit + ": depthwise algorithm must not be null");
    }
}
