package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;

/**
 * One step of a compiled network. The contract that makes strict scoping possible: an op never
 * closes or modifies its input, frees every intermediate it creates as soon as it has been
 * consumed, and returns a fresh array that the caller owns (so the caller may modify it in
 * place and must close it).
 */
interface InferenceOp {
    /**
     * @param x the input, left untouched
     * @return a new array owned by the caller
     */
    NDArray apply(NDArray x);

    /**
     * @return whether {@link #emit} can write this op as TorchScript (false for blocks the
     *     compiler does not know, which then run op by op)
     */
    default boolean scriptable() {
        return false;
    }

    /**
     * Writes this op into a stage's TorchScript {@code forward}, computing the function {@link
     * #apply} computes, to float rounding (the input is not modified there either).
     *
     * @param out the stage being written
     * @param x the variable holding the input
     * @return the variable holding the result
     * @throws UnsupportedOperationException if the op is not {@link #scriptable()}
     */
    default String emit(TorchScriptWriter out, String x) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " has no TorchScript form");
    }

    /**
     * @return whether {@link #emitNative} can write this op into a {@link NativeProgram} (false
     *     for blocks the compiler does not know; the network then runs on libtorch's kernels)
     */
    default boolean nativeEmittable() {
        return false;
    }

    /**
     * Writes this op into a native program, computing the function {@link #apply} computes, to
     * float rounding; the input buffer is neither modified nor released.
     *
     * @param out the program being written
     * @param x the buffer holding the input
     * @return the buffer holding the result, owned by the caller
     * @throws UnsupportedOperationException if the op is not {@link #nativeEmittable()}
     */
    default int emitNative(NativeProgramWriter out, int x) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " has no native form");
    }
}
