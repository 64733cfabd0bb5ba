package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;

/**
 * One step of a compiled network. The contract that makes strict scoping possible: an op never
 * closes or modifies its input, frees every intermediate it creates as soon as it has been
 * consumed, and returns a fresh array that the caller owns (so the caller may modify it in
 * place and must close it).
 */
@FunctionalInterface
interface InferenceOp {
    /**
     * @param x the input, left untouched
     * @return a new array owned by the caller
     */
    NDArray apply(NDArray x);
}
