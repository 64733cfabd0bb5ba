package io.github.vov3d.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * X3D's stem, shared by VoV3D: a spatial 1×3×3 convolution with stride 2 followed by a
 * depthwise 5×1×1 temporal convolution, BN and ReLU. Already factorised, so the first layer
 * (the widest feature map of the network) stays cheap. No pooling follows.
 * Reference names: {@code conv_xy}, {@code conv}, {@code bn}.
 */
public final class X3DStem extends VideoBlock {
    private final int inChannels;
    private final Block spatial;
    private final Block temporal;
    private final Block bn;

    private X3DStem(Builder b) {
        inChannels = b.inChannels;
        spatial = addChildBlock("conv_xy",
                Layers.conv(b.outChannels, 1, b.spatialKernel, b.spatialStride, 1, false));
        temporal = addChildBlock("conv",
                Layers.depthwise(b.outChannels, b.temporalKernel, 1, 1, b.depthwiseAlgorithm));
        bn = addChildBlock("bn", Layers.batchNorm(false));
    }

    /**
     * @return a builder with X3D's kernels (1×3×3 stride 2, then 5×1×1)
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray input = ChannelsFirst.contiguous(x);
        NDArray y = run(temporal, ps, run(spatial, ps, input, training), training);
        return Activation.relu(run(bn, ps, y, training));
    }

    /** {@inheritDoc} */
    @Override
    protected Shape outputShape(Shape input, ChildVisitor v) {
        require(input.get(1) == inChannels,
                "stem built for " + inChannels + " input channels got " + input
                        + " (expected N×C×T×H×W with C=" + inChannels + ")");
        return through(bn, through(temporal, through(spatial, input, v), v), v);
    }

    /** Fluent, validated options of {@link X3DStem}. */
    public static final class Builder {
        private int inChannels = 3;
        private int outChannels;
        private int spatialKernel = 3;
        private int temporalKernel = 5;
        private int spatialStride = 2;
        private DepthwiseAlgorithm depthwiseAlgorithm = DepthwiseAlgorithm.FASTEST;

        private Builder() {}

        /** @param c input channels (default 3, RGB) @return this */
        public Builder inChannels(int c) {
            inChannels = c;
            return this;
        }

        /** @param c stem width (VoV3D: INNER_CH/2; X3D: 24) @return this */
        public Builder outChannels(int c) {
            outChannels = c;
            return this;
        }

        /** @param k odd spatial kernel (default 3) @return this */
        public Builder spatialKernel(int k) {
            spatialKernel = k;
            return this;
        }

        /** @param k odd temporal kernel (default 5) @return this */
        public Builder temporalKernel(int k) {
            temporalKernel = k;
            return this;
        }

        /** @param s spatial stride (default 2) @return this */
        public Builder spatialStride(int s) {
            spatialStride = s;
            return this;
        }

        /**
         * @param a how the depthwise temporal convolution computes (default
         *     {@link DepthwiseAlgorithm#FASTEST})
         * @return this
         */
        public Builder depthwiseAlgorithm(DepthwiseAlgorithm a) {
            depthwiseAlgorithm = a;
            return this;
        }

        /** @return the stem */
        public X3DStem build() {
            require(inChannels > 0 && outChannels > 0,
                    "stem needs positive widths; got in=" + inChannels + " out=" + outChannels);
            require(spatialKernel % 2 == 1 && temporalKernel % 2 == 1, "kernel sizes must be odd");
            require(spatialStride >= 1, "spatial stride must be >= 1");
            require(depthwiseAlgorithm != null, "depthwise algorithm must not be null");
            return new X3DStem(this);
        }
    }
}
