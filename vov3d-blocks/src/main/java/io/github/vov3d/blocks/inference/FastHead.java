package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import io.github.vov3d.blocks.X3DHead;

/**
 * The X3D head compiled: {@code conv_5} with its BN folded, ReLU, the fixed average pool,
 * {@code lin_5} (with {@code lin_5_bn} folded when present), ReLU, the per-position classifier;
 * dropout is the identity at inference. The eval reduction (softmax per position, mean over
 * positions) is the same as {@link X3DHead}'s.
 */
final class FastHead {
    private static final Shape UNIT_STRIDE = new Shape(1, 1, 1);
    private static final Shape NO_PADDING = new Shape(0, 0, 0);

    private final FoldedConv conv5;
    private final FoldedConv lin5;
    private final NDArray projectionWeight;
    private final NDArray projectionBias;
    private final Shape poolKernel;
    private final int numClasses;

    private FastHead(X3DHead head, WeightFolder folder) {
        ChildBlocks c = ChildBlocks.of(head);
        conv5 = folder.convBn(c.get("conv_5"), c.get("conv_5_bn"));
        Block lin5Block = c.get("lin_5");
        lin5 = c.find("lin_5_bn").map(bn -> folder.convBn(lin5Block, bn))
                .orElseGet(() -> folder.conv(lin5Block));
        Block projection = c.get("projection");
        if (!(projection instanceof Linear)) {
            throw new NotCompilableException("head projection is not a Linear layer");
        }
        projectionWeight = folder.copy(projection, "weight");
        projectionBias = folder.copy(projection, "bias");
        poolKernel = head.poolKernel();
        numClasses = head.numClasses();
    }

    static FastHead compile(X3DHead head, WeightFolder folder) {
        return new FastHead(head, folder);
    }

    int numClasses() {
        return numClasses;
    }

    /**
     * @param x the last stage's features, channels-last (N×T×H×W×C)
     * @return logits at every remaining position, N×T'×H'×W'×classes
     */
    NDArray positionLogits(NDArray x) {
        Shape s = x.getShape();
        for (int i = 0; i < 3; i++) {
            if (s.get(1 + i) < poolKernel.get(i)) {
                throw new IllegalArgumentException("the head's average pool " + poolKernel
                        + " is larger than the last stage's map " + s.slice(1, 4)
                        + "; feed clips of at least the training frame count and crop");
            }
        }
        try (NDArray y = conv5.apply(x, null, true);
                NDArray channelsFirst = ChannelsLast.asChannelsFirst(y);
                NDArray pooled = Pool.avgPool3d(channelsFirst, poolKernel, UNIT_STRIDE, NO_PADDING,
                        false, true);
                NDArray pooledLast = ChannelsLast.of(pooled);
                NDArray hidden = lin5.apply(pooledLast, null, true)) {
            return Linear.linear(hidden, projectionWeight, projectionBias).singletonOrThrow();
        }
    }

    /** @return whether {@link #emitNative} can write this head */
    boolean nativeEmittable() {
        return conv5.isPointwise() && lin5.isPointwise();
    }

    /**
     * Writes {@link #positionLogits} into a native program.
     *
     * @param out the program being written
     * @param x the buffer holding the last stage's features (kept)
     * @return the buffer holding the logits at every remaining position
     */
    int emitNative(NativeProgramWriter out, int x) {
        int none = NativeProgramWriter.NONE;
        int y = conv5.emitNativePointwise(out, x, none, none, true, none, null);
        int pooled = out.averagePool(y, (int) poolKernel.get(0), (int) poolKernel.get(1),
                (int) poolKernel.get(2));
        out.free(y);
        int hidden = lin5.emitNativePointwise(out, pooled, none, none, true, none, null);
        out.free(pooled);
        Shape w = projectionWeight.getShape();
        int logits = out.pointwise(hidden, projectionWeight.toFloatArray(),
                projectionBias == null ? null : projectionBias.toFloatArray(), (int) w.get(1),
                (int) w.get(0), new int[] {1, 1, 1}, none, none, false, none, null);
        out.free(hidden);
        return logits;
    }

    /**
     * @param logits an owned result of {@link #positionLogits}, closed by this call
     * @return the per-position softmax averaged over positions, N×classes
     */
    NDArray averagedSoftmax(NDArray logits) {
        long n = logits.getShape().get(0);
        try (logits;
                NDArray p = logits.softmax(-1);
                NDArray grouped = p.reshape(n, -1, numClasses)) {
            return grouped.mean(new int[] {1});
        }
    }
}
