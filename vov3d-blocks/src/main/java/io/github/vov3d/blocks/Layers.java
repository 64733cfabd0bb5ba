package io.github.vov3d.blocks;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.initializer.Initializer;

/**
 * Factories for the two primitive layers every block is made of, with PySlowFast's conventions
 * baked in once: convolutions without bias (unless asked), "same" padding, temporal stride 1,
 * Kaiming fan-out weights; BatchNorm with eps 1e-5 and PyTorch momentum 0.1.
 */
public final class Layers {
    /** PyTorch's BatchNorm eps. */
    public static final float BN_EPSILON = 1e-5f;
    /** DJL's momentum is the weight of the old statistics: 1 - PyTorch's 0.1. */
    public static final float BN_MOMENTUM = 0.9f;

    private Layers() {}

    /**
     * A 3-D convolution with padding {@code kernel / 2} in every axis and stride (1, s, s).
     *
     * @param outChannels output channels
     * @param kernelT temporal kernel size
     * @param kernelHW spatial kernel size
     * @param spatialStride spatial stride (time is never strided)
     * @param groups channel groups (for depthwise layers use {@link #depthwise}, which computes them
     *     faster)
     * @param bias whether the convolution has a bias
     * @return the convolution block
     */
    public static Conv3d conv(
            int outChannels, int kernelT, int kernelHW, int spatialStride, int groups, boolean bias) {
        Conv3d conv =
                Conv3d.builder()
                        .setFilters(outChannels)
                        .setKernelShape(new Shape(kernelT, kernelHW, kernelHW))
                        .optStride(new Shape(1, spatialStride, spatialStride))
                        .optPadding(new Shape(kernelT / 2, kernelHW / 2, kernelHW / 2))
                        .optGroups(groups)
                        .optBias(bias)
                        .build();
        conv.setInitializer(new KaimingFanOutInitializer(), Parameter.Type.WEIGHT);
        if (bias) {
            conv.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
        }
        return conv;
    }

    /**
     * A bias-free 1×1×1 convolution (a per-position linear map across channels).
     *
     * @param outChannels output channels
     * @return the convolution block
     */
    public static Conv3d pointwise(int outChannels) {
        return conv(outChannels, 1, 1, 1, 1, false);
    }

    /**
     * A bias-free 1×1×1 convolution with a spatial stride (projection shortcut).
     *
     * @param outChannels output channels
     * @param spatialStride spatial stride
     * @return the convolution block
     */
    public static Conv3d pointwise(int outChannels, int spatialStride) {
        return conv(outChannels, 1, 1, spatialStride, 1, false);
    }

    /**
     * A depthwise convolution (one bias-free filter per channel) with padding {@code kernel / 2}
     * in every axis and stride (1, s, s), Kaiming fan-out weights like {@link #conv}. Depthwise
     * layers get their own block because how libtorch computes them decides the speed of a
     * training step; see {@link DepthwiseAlgorithm}.
     *
     * @param channels channels in and out
     * @param kernelT odd temporal kernel size
     * @param kernelHW odd spatial kernel size
     * @param spatialStride spatial stride
     * @param algorithm how to compute it
     * @return the convolution block
     */
    public static DepthwiseConv3d depthwise(
            int channels, int kernelT, int kernelHW, int spatialStride, DepthwiseAlgorithm algorithm) {
        return DepthwiseConv3d.builder()
                .channels(channels)
                .kernel(kernelT, kernelHW, kernelHW)
                .spatialStride(spatialStride)
                .algorithm(algorithm)
                .build();
    }

    /**
     * BatchNorm over the channel axis with PySlowFast's eps and momentum.
     *
     * @param zeroInitGamma start with gamma 0, so a residual branch initially outputs 0
     * @return the batch-norm block
     */
    public static Block batchNorm(boolean zeroInitGamma) {
        BatchNorm bn = BatchNorm.builder().optEpsilon(BN_EPSILON).optMomentum(BN_MOMENTUM).build();
        if (zeroInitGamma) {
            bn.setInitializer(Initializer.ZEROS, Parameter.Type.GAMMA);
        }
        return bn;
    }
}
