package io.github.vov3d.blocks;

/**
 * What a residual block tells its transform (the {@code branch2} of PySlowFast): widths, the
 * spatial stride, and the block's position in its stage (X3D places SE by that position).
 *
 * @param inChannels channels entering the block
 * @param innerChannels the stage's inner (bottleneck) width
 * @param outChannels channels leaving the block
 * @param spatialStride 2 for the first block of a stage, 1 otherwise
 * @param blockIndex the block's position in its stage, from 0
 */
public record TransformContext(
        int inChannels, int innerChannels, int outChannels, int spatialStride, int blockIndex) {

    /** Validates the widths and stride. */
    public TransformContext {
        if (inChannels <= 0 || innerChannels <= 0 || outChannels <= 0) {
            throw new IllegalArgumentException(
                    "channel counts must be positive: in=" + inChannels + " inner="
                            + innerChannels + " out=" + outChannels);
        }
        if (spatialStride < 1 || blockIndex < 0) {
            throw new IllegalArgumentException(
                    "need stride >= 1 and blockIndex >= 0, got " + spatialStride + ", " + blockIndex);
        }
    }
}
