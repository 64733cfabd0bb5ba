package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;
import io.github.vov3d.blocks.Nonlinearity;
import io.github.vov3d.blocks.X3DStem;

/**
 * The X3D stem compiled: the 1×3×3 spatial convolution as it is, the temporal depthwise
 * convolution with the BatchNorm folded in, ReLU applied by the network's kernels (in place where they can).
 */
final class FastStem implements InferenceOp {
    private final FoldedConv spatial;
    private final FoldedConv temporal;

    private FastStem(X3DStem stem, WeightFolder folder) {
        ChildBlocks c = ChildBlocks.of(stem);
        spatial = folder.conv(c.get("conv_xy"));
        temporal = folder.convBn(c.get("conv"), c.get("bn"));
    }

    static FastStem compile(X3DStem stem, WeightFolder folder) {
        return new FastStem(stem, folder);
    }

    @Override
    public NDArray apply(NDArray x) {
        try (NDArray y = spatial.apply(x)) {
            return temporal.apply(y, null, true);
        }
    }

    /** @return the channels of the clips this stem reads */
    long inputChannels() {
        return spatial.inputChannels();
    }

    @Override
    public boolean scriptable() {
        return true;
    }

    @Override
    public boolean nativeEmittable() {
        return spatial.runsFrameWise() && temporal.isDepthwise();
    }

    /**
     * Both convolutions as one record reading the channels-first clip itself (the stem is always
     * a native program's first op): the stem's full-resolution result is never written out.
     */
    @Override
    public int emitNative(NativeProgramWriter out, int x) {
        return spatial.emitNativeStemDepthwise(out, x, temporal, Nonlinearity.RELU);
    }

    @Override
    public String emit(TorchScriptWriter out, String x) {
        return temporal.emit(out, spatial.emit(out, x, null, false), null, true);
    }
}
