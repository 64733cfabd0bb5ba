package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;
import io.github.vov3d.blocks.X3DBottleneck;

/**
 * X3D's bottleneck compiled: every BatchNorm folded into its convolution, ReLU and Swish
 * consuming their input, SE in place; the block's shortcut sum and ReLU go into its last
 * pointwise convolution ({@code c}). The channelwise 3×3×3 convolution stays one call.
 */
final class FastX3DBottleneck implements ResidualTransform {
    private final FoldedBottleneck body;

    private FastX3DBottleneck(X3DBottleneck block, WeightFolder folder) {
        ChildBlocks c = ChildBlocks.of(block);
        body = new FoldedBottleneck(folder.convBn(c.get("a"), c.get("a_bn")),
                folder.convBn(c.get("b"), c.get("b_bn")),
                c.find("se").map(b -> FastSqueezeExcitation.compile(b, folder)).orElse(null),
                block.activation(), folder.convBn(c.get("c"), c.get("c_bn")), folder.kernels());
    }

    static FastX3DBottleneck compile(X3DBottleneck block, WeightFolder folder) {
        return new FastX3DBottleneck(block, folder);
    }

    @Override
    public NDArray apply(NDArray x) {
        return body.apply(x, null, false);
    }

    @Override
    public NDArray applyWithShortcut(NDArray x, NDArray shortcut) {
        return body.apply(x, shortcut, true);
    }

    @Override
    public boolean scriptable() {
        return true;
    }

    @Override
    public boolean nativeEmittable() {
        return body.nativeEmittable();
    }

    @Override
    public int emitNative(NativeProgramWriter out, int x) {
        return body.emitNative(out, x, NativeProgramWriter.NONE, false);
    }

    @Override
    public int emitNativeWithShortcut(NativeProgramWriter out, int x, int shortcut) {
        return body.emitNative(out, x, shortcut, true);
    }

    @Override
    public String emit(TorchScriptWriter out, String x) {
        return body.emit(out, x, null, false);
    }

    @Override
    public String emitWithShortcut(TorchScriptWriter out, String x, String shortcut) {
        return body.emit(out, x, shortcut, true);
    }
}
