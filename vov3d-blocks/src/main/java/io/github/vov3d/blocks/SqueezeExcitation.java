package io.github.vov3d.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;

/**
 * Squeeze-excitation: a channel gate computed from the clip's global average. Cheap global
 * context for networks whose convolutions are otherwise local and depthwise. Matches
 * PySlowFast: pool → 1×1×1 conv with bias → ReLU → 1×1×1 conv with bias → sigmoid → scale.
 * Reference names: {@code fc1}, {@code fc2}.
 */
public final class SqueezeExcitation extends VideoBlock {
    private final int channels;
    private final int reducedChannels;
    private final Block fc1;
    private final Block fc2;

    private SqueezeExcitation(Builder builder) {
        channels = builder.channels;
        reducedChannels = Widths.round(channels, builder.ratio);
        fc1 = addChildBlock("fc1", Layers.conv(reducedChannels, 1, 1, 1, 1, true));
        fc2 = addChildBlock("fc2", Layers.conv(channels, 1, 1, 1, 1, true));
    }

    /**
     * @return a builder with the paper's ratio 1/16
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the width of the bottleneck between fc1 and fc2
     */
    public int reducedChannels() {
        return reducedChannels;
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        Shape s = x.getShape();
        NDArray pooled = Pool.globalAvgPool3d(x).reshape(s.get(0), s.get(1), 1, 1, 1);
        NDArray gate = Activation.relu(run(fc1, ps, pooled, training));
        gate = Activation.sigmoid(run(fc2, ps, gate, training));
        return x.mul(gate);
    }

    /** {@inheritDoc} */
    @Override
    protected Shape outputShape(Shape input, ChildVisitor visitor) {
        require(input.get(1) == channels,
                "SqueezeExcitation built for " + channels + " channels got input " + input);
        visitor.pooling(input);
        Shape pooled = new Shape(input.get(0), channels, 1, 1, 1);
        through(fc2, through(fc1, pooled, visitor), visitor);
        return input;
    }

    /** Fluent, validated options of {@link SqueezeExcitation}. */
    public static final class Builder {
        private int channels;
        private double ratio = 1.0 / 16;

        private Builder() {}

        /**
         * @param channels the channels to gate (required)
         * @return this builder
         */
        public Builder channels(int channels) {
            this.channels = channels;
            return this;
        }

        /**
         * @param ratio reduced width as a fraction of the channels, before rounding to 8
         * @return this builder
         */
        public Builder ratio(double ratio) {
            this.ratio = ratio;
            return this;
        }

        /**
         * @return the block
         */
        public SqueezeExcitation build() {
            require(channels > 0, "SqueezeExcitation needs channels > 0, got " + channels);
            require(ratio > 0 && ratio <= 1, "SE ratio must be in (0, 1], got " + ratio);
            return new SqueezeExcitation(this);
        }
    }
}
