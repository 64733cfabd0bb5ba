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

    /** Reads the channels-first clip itself: the stem is always a native program's first op. */
    @Override
    public int emitNative(NativeProgramWriter out, int x) {
        int y = spatial.emitNativeConvolution(out, x, null);
        int z = temporal.emitNativeConvolution(out, y, Nonlinearity.RELU);
        out.free(y);
        return z;
    }

    @Override
    public String emit(TorchScriptWriter out, String x) {
        return temporal.emit(out, spatial.emit(out, x, null, false), null, true);
    }
}
