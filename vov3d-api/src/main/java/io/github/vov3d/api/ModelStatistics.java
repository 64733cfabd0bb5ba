package io.github.vov3d.api;

import java.util.Arrays;
import java.util.Locale;

/**
 * Size and cost of a network for one clip, counted the way the paper's tables are: parameters
 * are all trainable tensors (BatchNorm affine included, running statistics excluded); cost is
 * multiply-accumulates of convolutions and linear layers only (BN, activations, pooling, SE
 * gating and additions are not counted), for a single view of the given input. Papers call this
 * "GFLOPs"; we say GMACs because that is what it is.
 *
 * @param parameters trainable parameter count
 * @param multiplyAccumulates conv + linear MACs for one clip
 * @param inputShape the clip shape counted, N×C×T×H×W with N = 1
 */
public record ModelStatistics(long parameters, long multiplyAccumulates, long[] inputShape) {

    /** Copies the shape and validates the counts. */
    public ModelStatistics {
        if (parameters < 0 || multiplyAccumulates < 0) {
            throw new IllegalArgumentException("counts must be non-negative");
        }
        inputShape = inputShape.clone();
    }

    /** @return the shape counted (a copy) */
    @Override
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** @return MACs in units of 10⁹ */
    public double gigaMacs() {
        return multiplyAccumulates / 1e9;
    }

    /** @return parameters in millions */
    public double millionParameters() {
        return parameters / 1e6;
    }

    /** @return a one-line human-readable summary naming the counting convention */
    public String describe() {
        return String.format(Locale.ROOT,
                "params %,d (%.2f M); %.3f GMACs (conv + linear multiply-accumulates, one view, "
                        + "input %s)",
                parameters, millionParameters(), gigaMacs(), Arrays.toString(inputShape));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelStatistics other
                && parameters == other.parameters
                && multiplyAccumulates == other.multiplyAccumulates
                && Arrays.equals(inputShape, other.inputShape);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(parameters) * 31 + Long.hashCode(multiplyAccumulates) * 17
                + Arrays.hashCode(inputShape);
    }

    @Override
    public String toString() {
        return describe();
    }
}
