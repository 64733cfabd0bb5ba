package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Ops run one after another, each intermediate freed as soon as the next op has read it.
 *
 * @param ops the ops in order
 */
record OpSequence(List<InferenceOp> ops) implements InferenceOp {
    OpSequence {
        ops = List.copyOf(ops);
        if (ops.isEmpty()) {
            throw new IllegalArgumentException("an op sequence needs at least one op");
        }
    }

    @Override
    public NDArray apply(NDArray x) {
        NDArray y = x;
        for (InferenceOp op : ops) {
            NDArray next = op.apply(y);
            if (y != x) {
                y.close();
            }
            y = next;
        }
        return y;
    }

    @Override
    public boolean scriptable() {
        return ops.stream().allMatch(InferenceOp::scriptable);
    }

    @Override
    public boolean nativeEmittable() {
        return ops.stream().allMatch(InferenceOp::nativeEmittable);
    }

    @Override
    public int emitNative(NativeProgramWriter out, int x) {
        int y = x;
        for (InferenceOp op : ops) {
            int next = op.emitNative(out, y);
            if (y != x) {
                out.free(y);
            }
            y = next;
        }
        return y;
    }

    @Override
    public String emit(TorchScriptWriter out, String x) {
        String y = x;
        for (InferenceOp op : ops) {
            y = op.emit(out, y);
        }
        return y;
    }
}
