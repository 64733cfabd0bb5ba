package io.github.vov3d.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.nn.Parameter;

/**
 * X3D's classification head (used by VoV3D too). The average pool has a <em>fixed</em> kernel
 * derived from the training clip (frames × ⌈crop/32⌉²), so a larger test clip leaves a grid of
 * positions and the classifier runs at each: fully convolutional multi-crop testing for free.
 *
 * <pre>
 *  x ─ conv_5 ─ conv_5_bn ─ ReLU ─ avgpool(fixed kernel, stride 1) ─ lin_5 ─ [lin_5_bn] ─ ReLU
 *    ─ channels-last ─ dropout ─ projection (per position)
 *    ─ eval: softmax per position, mean over positions → N×classes
 *    ─ train: logits flattened → N×classes (the pool must leave one position)
 * </pre>
 *
 * Reference names: {@code conv_5}, {@code conv_5_bn}, {@code lin_5}, {@code lin_5_bn},
 * {@code projection}.
 */
public final class X3DHead extends VideoBlock {
    private final int inChannels;
    private final int numClasses;
    private final Shape poolKernel;
    private final Block conv5;
    private final Block conv5Bn;
    private final Block lin5;
    private final Block lin5Bn;
    private final Block dropout;
    private final Block projection;

    private X3DHead(Builder b) {
        inChannels = b.inChannels;
        numClasses = b.numClasses;
        int spatial = (b.trainCrop + 31) / 32;
        poolKernel = new Shape(b.frames, spatial, spatial);
        conv5 = addChildBlock("conv_5", Layers.pointwise(b.innerChannels));
        conv5Bn = addChildBlock("conv_5_bn", Layers.batchNorm(false));
        lin5 = addChildBlock("lin_5", Layers.pointwise(b.lin5Channels));
        lin5Bn = b.lin5BatchNorm ? addChildBlock("lin_5_bn", Layers.batchNorm(false)) : null;
        dropout = addChildBlock("dropout", Dropout.builder().optRate(b.dropout).build());
        Linear linear = Linear.builder().setUnits(b.numClasses).optBias(true).build();
        linear.setInitializer(new NormalInitializer(0.01f), Parameter.Type.WEIGHT);
        projection = addChildBlock("projection", linear);
    }

    /**
     * @return a builder; input/inner channels, classes, frames and train crop are required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the fixed pool kernel (frames, ⌈crop/32⌉, ⌈crop/32⌉)
     */
    public Shape poolKernel() {
        return poolKernel;
    }

    /**
     * @return the number of classes
     */
    public int numClasses() {
        return numClasses;
    }

    /**
     * The classifier's raw output at every remaining position, before softmax.
     *
     * @param ps the parameter store
     * @param x the last stage's features, N×C×T×H×W
     * @param training training mode (BN statistics, dropout)
     * @return logits, N×T'×H'×W'×classes
     */
    public NDArray positionLogits(ParameterStore ps, NDArray x, boolean training) {
        checkPoolFits(x.getShape());
        NDArray y = Activation.relu(run(conv5Bn, ps, run(conv5, ps, x, training), training));
        y = Pool.avgPool3d(y, poolKernel, new Shape(1, 1, 1), new Shape(0, 0, 0), false, true);
        y = run(lin5, ps, y, training);
        if (lin5Bn != null) {
            y = run(lin5Bn, ps, y, training);
        }
        y = Activation.relu(y).transpose(0, 2, 3, 4, 1);
        y = dropout.forward(ps, new NDList(y), training).singletonOrThrow();
        return projection.forward(ps, new NDList(y), training).singletonOrThrow();
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray logits = positionLogits(ps, x, training);
        long n = logits.getShape().get(0);
        if (training) {
            return logits.reshape(n, -1);
        }
        return logits.softmax(-1).reshape(n, -1, numClasses).mean(new int[] {1});
    }

    /** {@inheritDoc} */
    @Override
    protected Shape outputShape(Shape input, ChildVisitor v) {
        require(input.get(1) == inChannels,
                "head built for " + inChannels + " input channels got " + input);
        checkPoolFits(input);
        Shape s = through(conv5Bn, through(conv5, input, v), v);
        v.pooling(s);
        Shape pooled = new Shape(s.get(0), s.get(1),
                s.get(2) - poolKernel.get(0) + 1,
                s.get(3) - poolKernel.get(1) + 1,
                s.get(4) - poolKernel.get(2) + 1);
        s = through(lin5, pooled, v);
        if (lin5Bn != null) {
            s = through(lin5Bn, s, v);
        }
        Shape channelsLast = new Shape(s.get(0), s.get(2), s.get(3), s.get(4), s.get(1));
        through(dropout, channelsLast, v);
        through(projection, channelsLast, v);
        return new Shape(input.get(0), numClasses);
    }

    private void checkPoolFits(Shape input) {
        for (int i = 0; i < 3; i++) {
            if (input.get(2 + i) < poolKernel.get(i)) {
                throw new IllegalArgumentException(
                        "the head's average pool " + poolKernel + " (built from the training "
                                + "frames and crop) is larger than the last stage's map "
                                + input.slice(2) + "; feed clips of at least the training "
                                + "frame count and crop, or build the model for this input");
            }
        }
    }

    /** Fluent, validated options of {@link X3DHead}. */
    public static final class Builder {
        private int inChannels;
        private int innerChannels;
        private int lin5Channels = 2048;
        private boolean lin5BatchNorm;
        private int numClasses;
        private int frames;
        private int trainCrop;
        private float dropout = 0.5f;

        private Builder() {}

        /** @param c channels of the last stage (set by the network builder) @return this */
        public Builder inChannels(int c) {
            inChannels = c;
            return this;
        }

        /** @param c width of conv_5 @return this */
        public Builder innerChannels(int c) {
            innerChannels = c;
            return this;
        }

        /** @param c width of lin_5 (default 2048) @return this */
        public Builder lin5Channels(int c) {
            lin5Channels = c;
            return this;
        }

        /** @param on add BN after lin_5 (X3D.BN_LIN5, default off) @return this */
        public Builder lin5BatchNorm(boolean on) {
            lin5BatchNorm = on;
            return this;
        }

        /** @param n number of classes @return this */
        public Builder numClasses(int n) {
            numClasses = n;
            return this;
        }

        /** @param t frames of a training clip (pool kernel depth) @return this */
        public Builder frames(int t) {
            frames = t;
            return this;
        }

        /** @param s training crop in pixels (pool kernel ⌈s/32⌉) @return this */
        public Builder trainCrop(int s) {
            trainCrop = s;
            return this;
        }

        /** @param p dropout before the classifier (default 0.5) @return this */
        public Builder dropout(float p) {
            dropout = p;
            return this;
        }

        /** @return the head */
        public X3DHead build() {
            require(inChannels > 0 && innerChannels > 0 && lin5Channels > 0,
                    "head needs positive widths; got in=" + inChannels + " inner="
                            + innerChannels + " lin5=" + lin5Channels);
            require(numClasses > 0, "head needs numClasses > 0, got " + numClasses);
            require(frames > 0 && trainCrop > 0,
                    "head needs frames > 0 and trainCrop > 0, got " + frames + ", " + trainCrop);
            require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
            return new X3DHead(this);
        }
    }
}
