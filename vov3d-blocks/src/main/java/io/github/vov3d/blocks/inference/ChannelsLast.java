package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The layout every compiled op works in: N×T×H×W×C, channels innermost and contiguous. Two
 * reasons, both measured on libtorch 2.7.1 (2 threads, VoV3D-M's sizes at batch 1): oneDNN's
 * depthwise 3-D convolution is 4–7× faster on channels-last input (0.8 vs 5.9 ms at 40×16×56×56)
 * and writes its result straight into the output, where the N×C×T×H×W path computes into a
 * scratch tensor and copies it out; and a pointwise convolution on channels-last data is one
 * matrix product over the rows with no im2col copy. A convolution still sees the N×C×T×H×W
 * shape it expects, as a transposed view with channels-last strides.
 */
final class ChannelsLast {
    private ChannelsLast() {}

    /**
     * @param x an N×C×T×H×W array of any layout (left open)
     * @return the same values as a new N×T×H×W×C channels-last array, or a view of {@code x}'s
     *     memory when it already is laid out that way (nothing is copied then)
     */
    static NDArray of(NDArray x) {
        try (NDArray moved = x.transpose(0, 2, 3, 4, 1)) {
            return contiguous(moved);
        }
    }

    /**
     * @param x an N×T×H×W×C channels-last array (left open)
     * @return the same values as a new, contiguous N×C×T×H×W array (the layout callers of the
     *     public API get)
     */
    static NDArray toChannelsFirst(NDArray x) {
        try (NDArray moved = asChannelsFirst(x)) {
            return contiguous(moved);
        }
    }

    /**
     * @param x an N×T×H×W×C array (left open)
     * @return an N×C×T×H×W view of the same memory, for ops that expect that shape
     */
    static NDArray asChannelsFirst(NDArray x) {
        return x.transpose(0, 4, 1, 2, 3);
    }

    /**
     * @param x any array with a leading batch axis (left open)
     * @return the same values, contiguous in {@code x}'s axis order: a view of {@code x}'s memory
     *     when it already is, else a copy
     */
    static NDArray contiguous(NDArray x) {
        Shape s = x.getShape();
        // a reshape copies exactly when the source cannot be viewed in the new shape
        try (NDArray rows = x.reshape(s.get(0), -1)) {
            return rows.reshape(s);
        }
    }
}
