package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;
import io.github.vov3d.blocks.D2Plus1D;

/**
 * D(2+1)D compiled: expansion with its BN folded, ReLU; the spatial and temporal depthwise
 * convolutions and their shared BN as <em>one</em> depthwise kt×k×k convolution (measured: as
 * fast as the spatial one alone, so the temporal pass disappears); SE in place; Swish; the
 * reduction with its BN folded, taking the unit's residual sum and ReLU (fused where the
 * kernels can, see {@link FusedKernels}).
 */
final class FastD2Plus1D implements InferenceOp {
    private final FoldedBottleneck body;
    private final boolean residual;

    private FastD2Plus1D(D2Plus1D unit, WeightFolder folder) {
        ChildBlocks c = ChildBlocks.of(unit);
        body = new FoldedBottleneck(folder.convBn(c.get("a.0"), c.get("a.1")),
                folder.depthwisePair(c.get("b1"), c.get("b2"), c.get("b_bn")),
                c.find("se").map(b -> FastSqueezeExcitation.compile(b, folder)).orElse(null),
                unit.activation(), folder.convBn(c.get("c.0"), c.get("c.1")), folder.kernels());
        residual = unit.hasResidual();
    }

    static FastD2Plus1D compile(D2Plus1D unit, WeightFolder folder) {
        return new FastD2Plus1D(unit, folder);
    }

    @Override
    public NDArray apply(NDArray x) {
        return body.apply(x, residual ? x : null, true);
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
        return body.emitNative(out, x, residual ? x : NativeProgramWriter.NONE, true);
    }

    @Override
    public String emit(TorchScriptWriter out, String x) {
        return body.emit(out, x, residual ? x : null, true);
    }
}
