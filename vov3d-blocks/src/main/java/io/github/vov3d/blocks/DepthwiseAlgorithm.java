package io.github.vov3d.blocks;

/**
 * How a {@link DepthwiseConv3d} computes its result. Both choices compute the same function
 * with the same parameters; they differ in speed and in the order of floating-point additions.
 *
 * <p>Why a choice at all: libtorch 2.7.1 sends a depthwise {@code conv3d} on N×C×T×H×W input
 * to oneDNN, whose backward pass for it is slow on the CPU (a VoV3D-M training step at batch 8
 * spent most of its time there). The same convolutions rewritten as a grouped 2-D convolution
 * or a small matrix product train several times faster (docs/performance.md, "The fast training
 * step"). {@link #CONV3D} stays available as the reference: it is what PySlowFast runs and what
 * {@code vov3d bench} measures as the straightforward mode.
 */
public enum DepthwiseAlgorithm {
    /** libtorch's {@code conv3d} with {@code groups = channels}, exactly as written in PyTorch. */
    CONV3D,
    /**
     * The fastest exact form for the kernel's shape (the default): a spatial 1×k×k kernel as a
     * grouped {@code conv2d} over the free N×(C·T)×H×W view, a temporal k×1×1 kernel as a banded
     * T×T matrix per channel (or a {@code conv2d} with a k×1 kernel for long clips), anything
     * else (a full k×k×k kernel) as {@code conv3d}. Outputs and gradients equal
     * {@link #CONV3D}'s up to float rounding.
     */
    FASTEST
}
