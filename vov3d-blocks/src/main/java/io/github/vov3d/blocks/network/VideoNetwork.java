package io.github.vov3d.blocks.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.vov3d.blocks.ResidualStage;
import io.github.vov3d.blocks.TransformFactory;
import io.github.vov3d.blocks.VideoBlock;
import io.github.vov3d.blocks.X3DHead;
import io.github.vov3d.blocks.X3DStem;
import java.util.ArrayList;
import java.util.List;

/**
 * A single-pathway video network in PySlowFast's layout: stem {@code s1}, residual stages
 * {@code s2 … s(k+1)}, head. VoV3D, X3D and any custom mix of transforms are instances of this
 * one class; what differs is only how their builders fill in widths, depths and transforms.
 * Input N×3×T×H×W; output N×classes (eval: averaged per-position softmax; train: logits).
 */
public final class VideoNetwork extends VideoBlock {
    private final X3DStem stem;
    private final List<ResidualStage> stages;
    private final X3DHead head;

    private VideoNetwork(Builder b) {
        X3DStem builtStem = b.stem.build();
        stem = addChildBlock("s1.pathway0_stem", builtStem);
        List<ResidualStage> list = new ArrayList<>();
        int channels = b.stemChannels;
        for (int i = 0; i < b.stages.size(); i++) {
            StageSpec spec = b.stages.get(i);
            ResidualStage stage = ResidualStage.builder()
                    .depth(spec.depth())
                    .inChannels(channels)
                    .innerChannels(spec.innerChannels())
                    .outChannels(spec.outChannels())
                    .spatialStride(spec.spatialStride())
                    .transform(spec.transform())
                    .build();
            list.add(addChildBlock("s" + (i + 2), stage));
            channels = spec.outChannels();
        }
        stages = List.copyOf(list);
        head = addChildBlock("head", b.head.inChannels(channels).build());
    }

    /**
     * @return an empty builder for a custom network
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the stem ({@code s1}) */
    public X3DStem stem() {
        return stem;
    }

    /** @return the residual stages ({@code s2 …}) */
    public List<ResidualStage> stages() {
        return stages;
    }

    /** @return the head */
    public X3DHead head() {
        return head;
    }

    /**
     * Copies every parameter value (weights and BatchNorm statistics) from a network of the same
     * structure, e.g. to run a loaded model with another {@link
     * io.github.vov3d.blocks.DepthwiseAlgorithm} or to compare two forms of one network.
     *
     * @param source an initialised network with the same parameter names, shapes and types
     * @throws IllegalArgumentException naming the first parameter whose name, shape or type differs
     */
    public void copyParametersFrom(VideoNetwork source) {
        List<Pair<String, Parameter>> from = source.getParameters().stream().toList();
        List<Pair<String, Parameter>> to = getParameters().stream().toList();
        if (from.size() != to.size()) {
            throw new IllegalArgumentException("cannot copy parameters: the source has " + from.size()
                    + " parameters, this network " + to.size());
        }
        for (int i = 0; i < from.size(); i++) {
            NDArray value = from.get(i).getValue().getArray();
            NDArray target = to.get(i).getValue().getArray();
            if (!from.get(i).getKey().equals(to.get(i).getKey()) || !value.getShape().equals(target.getShape())
                    || value.getDataType() != target.getDataType()) {
                throw new IllegalArgumentException("cannot copy parameters: source " + from.get(i).getKey() + " "
                        + value.getShape() + " " + value.getDataType() + " does not match " + to.get(i).getKey()
                        + " " + target.getShape() + " " + target.getDataType());
            }
        }
        for (int i = 0; i < from.size(); i++) {
            to.get(i).getValue().getArray().set(from.get(i).getValue().getArray().toByteBuffer());
        }
    }

    /**
     * Runs the stem and all stages: the features the head sees.
     *
     * @param ps the parameter store
     * @param x the clip batch, N×3×T×H×W
     * @param training training mode
     * @return the last stage's output
     */
    public NDArray features(ParameterStore ps, NDArray x, boolean training) {
        NDArray y = run(stem, ps, x, training);
        for (ResidualStage stage : stages) {
            y = run(stage, ps, y, training);
        }
        return y;
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        return run(head, ps, features(ps, x, training), training);
    }

    /** {@inheritDoc} */
    @Override
    protected Shape outputShape(Shape input, ChildVisitor v) {
        Shape s = through(stem, input, v);
        for (Block stage : stages) {
            s = through(stage, s, v);
        }
        return through(head, s, v);
    }

    /**
     * One residual stage of a network.
     *
     * @param depth number of residual blocks
     * @param innerChannels inner width handed to the transform
     * @param outChannels output width
     * @param spatialStride stride of the first block
     * @param transform the residual branch of every block
     */
    public record StageSpec(
            int depth, int innerChannels, int outChannels, int spatialStride,
            TransformFactory transform) {}

    /** Fluent builder of a custom network: stem, any number of stages, head. */
    public static final class Builder {
        private X3DStem.Builder stem;
        private int stemChannels;
        private final List<StageSpec> stages = new ArrayList<>();
        private X3DHead.Builder head;

        private Builder() {}

        /**
         * @param channels stem width (X3D kernels, 3 input channels)
         * @return this
         */
        public Builder stem(int channels) {
            return stem(X3DStem.builder().outChannels(channels), channels);
        }

        /**
         * @param builder a configured stem builder
         * @param channels its output width
         * @return this
         */
        public Builder stem(X3DStem.Builder builder, int channels) {
            stem = builder;
            stemChannels = channels;
            return this;
        }

        /**
         * Appends a stage whose first block has spatial stride 2.
         *
         * @param depth blocks
         * @param innerChannels inner width
         * @param outChannels output width
         * @param transform the residual branch
         * @return this
         */
        public Builder stage(int depth, int innerChannels, int outChannels, TransformFactory transform) {
            return stage(new StageSpec(depth, innerChannels, outChannels, 2, transform));
        }

        /**
         * @param spec a stage
         * @return this
         */
        public Builder stage(StageSpec spec) {
            stages.add(spec);
            return this;
        }

        /**
         * @param builder the head; its input width is filled in from the last stage
         * @return this
         */
        public Builder head(X3DHead.Builder builder) {
            head = builder;
            return this;
        }

        /**
         * @return the network
         */
        public VideoNetwork build() {
            if (stem == null || head == null || stages.isEmpty()) {
                throw new IllegalArgumentException(
                        "a network needs a stem, at least one stage and a head");
            }
            return new VideoNetwork(this);
        }
    }
}
