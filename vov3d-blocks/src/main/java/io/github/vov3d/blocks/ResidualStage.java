package io.github.vov3d.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * A stage of residual blocks at one resolution: the first block changes width and carries the
 * spatial stride, the rest keep both. The transform is chosen per stage, so one network can mix
 * X3D bottlenecks and T-OSA. Reference names: {@code pathway0_res0 …} (PySlowFast's single
 * pathway).
 */
public final class ResidualStage extends VideoBlock {
    private final int inChannels;
    private final List<ResidualBlock> blocks;

    private ResidualStage(Builder b) {
        inChannels = b.inChannels;
        List<ResidualBlock> list = new ArrayList<>();
        for (int j = 0; j < b.depth; j++) {
            TransformContext ctx = new TransformContext(
                    j == 0 ? b.inChannels : b.outChannels,
                    b.innerChannels,
                    b.outChannels,
                    j == 0 ? b.spatialStride : 1,
                    j);
            ResidualBlock block = ResidualBlock.builder().context(ctx).transform(b.transform).build();
            list.add(addChildBlock("pathway0_res" + j, block));
        }
        blocks = List.copyOf(list);
    }

    /**
     * @return a builder; depth, widths and transform are required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the blocks in order
     */
    public List<ResidualBlock> blocks() {
        return blocks;
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray y = x;
        for (ResidualBlock block : blocks) {
            y = run(block, ps, y, training);
        }
        return y;
    }

    /** {@inheritDoc} */
    @Override
    protected Shape outputShape(Shape input, ChildVisitor v) {
        require(input.get(1) == inChannels,
                "stage built for " + inChannels + " input channels got " + input);
        Shape s = input;
        for (ResidualBlock block : blocks) {
            s = through(block, s, v);
        }
        return s;
    }

    /** Fluent, validated options of {@link ResidualStage}. */
    public static final class Builder {
        private int depth;
        private int inChannels;
        private int innerChannels;
        private int outChannels;
        private int spatialStride = 2;
        private TransformFactory transform;

        private Builder() {}

        /** @param d number of residual blocks @return this */
        public Builder depth(int d) {
            depth = d;
            return this;
        }

        /** @param c channels entering the stage (set by the network builder) @return this */
        public Builder inChannels(int c) {
            inChannels = c;
            return this;
        }

        /** @param c inner (bottleneck) width passed to the transforms @return this */
        public Builder innerChannels(int c) {
            innerChannels = c;
            return this;
        }

        /** @param c output width of every block @return this */
        public Builder outChannels(int c) {
            outChannels = c;
            return this;
        }

        /** @param s spatial stride of the first block (default 2) @return this */
        public Builder spatialStride(int s) {
            spatialStride = s;
            return this;
        }

        /** @param f the transform of every block @return this */
        public Builder transform(TransformFactory f) {
            transform = f;
            return this;
        }

        /** @return the stage */
        public ResidualStage build() {
            require(depth >= 1, "a stage needs depth >= 1, got " + depth);
            require(inChannels > 0 && innerChannels > 0 && outChannels > 0,
                    "a stage needs positive widths; got in=" + inChannels + " inner="
                            + innerChannels + " out=" + outChannels);
            require(spatialStride >= 1, "spatial stride must be >= 1, got " + spatialStride);
            require(transform != null, "a stage needs a TransformFactory");
            return new ResidualStage(this);
        }
    }
}
