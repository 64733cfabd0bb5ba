package io.github.vov3d.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * T-OSA, the paper's temporal one-shot aggregation: a chain of D(2+1)D units whose outputs are
 * all concatenated once (not after every unit, as in dense connections) and fused by a 1×1×1
 * convolution. Each unit sees a longer temporal receptive field than the one before, so the
 * concatenation mixes several temporal ranges in one feature map at low cost.
 *
 * <pre>
 *  x ─ D(2+1)D₀ ─ D(2+1)D₁ ─ … ─ D(2+1)D_{K-1}
 *  │      │          │                │
 *  └──────┴──────────┴──── concat ────┘   (x itself only when stride is 1)
 *                            │
 *                   c (1×1×1 conv) ─ c_bn   → out
 * </pre>
 *
 * Reference names: {@code layers.0 … layers.K-1}, {@code c}, {@code c_bn}. {@code c_bn} is the
 * transform's final BN (zero-initialised, so a fresh residual block starts as its shortcut).
 */
public final class TemporalOneShotAggregation extends VideoBlock {
    private final int inChannels;
    private final boolean concatInput;
    private final List<D2Plus1D> units;
    private final Block aggregate;
    private final Block aggregateBn;

    private TemporalOneShotAggregation(Builder b) {
        inChannels = b.inChannels;
        concatInput = b.spatialStride == 1;
        List<D2Plus1D> list = new ArrayList<>();
        for (int k = 0; k < b.numUnits; k++) {
            D2Plus1D unit =
                    D2Plus1D.builder()
                            .inChannels(k == 0 ? b.inChannels : b.innerChannels / 2)
                            .innerChannels(b.innerChannels)
                            .spatialStride(k == 0 ? b.spatialStride : 1)
                            .spatialKernel(b.spatialKernel)
                            .temporalKernel(b.temporalKernel)
                            .squeezeExcitation(b.sePlacement.appliesTo(k))
                            .seRatio(b.seRatio)
                            .activation(b.activation)
                            .depthwiseAlgorithm(b.depthwiseAlgorithm)
                            .build();
            list.add(addChildBlock("layers." + k, unit));
        }
        units = List.copyOf(list);
        aggregate = addChildBlock("c", Layers.pointwise(b.outChannels));
        aggregateBn = addChildBlock("c_bn", Layers.batchNorm(b.zeroInitFinalBn));
    }

    /**
     * @return a builder; in, inner and out channels are required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a transform factory with the paper's options (5 units, SE on even units, Swish)
     */
    public static TransformFactory factory() {
        return factory(builder());
    }

    /**
     * A transform factory for residual stages, with the given options applied to every block
     * (widths and stride come from the stage).
     *
     * @param options a builder holding unit count, SE, kernel and activation options
     * @return the factory
     */
    public static TransformFactory factory(Builder options) {
        return ctx ->
                options.copy()
                        .inChannels(ctx.inChannels())
                        .innerChannels(ctx.innerChannels())
                        .outChannels(ctx.outChannels())
                        .spatialStride(ctx.spatialStride())
                        .build();
    }

    /**
     * @return the D(2+1)D units in chain order
     */
    public List<D2Plus1D> units() {
        return units;
    }

    /**
     * @return whether the block input joins the concatenation (stride 1 only)
     */
    public boolean concatenatesInput() {
        return concatInput;
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDList parts = new NDList(units.size() + 1);
        if (concatInput) {
            parts.add(x);
        }
        NDArray y = x;
        for (D2Plus1D unit : units) {
            y = run(unit, ps, y, training);
            parts.add(y);
        }
        NDArray joined = NDArrays.concat(parts, 1);
        return run(aggregateBn, ps, run(aggregate, ps, joined, training), training);
    }

    /** {@inheritDoc} */
    @Override
    protected Shape outputShape(Shape input, ChildVisitor v) {
        require(input.get(1) == inChannels,
                "T-OSA built for " + inChannels + " input channels got " + input);
        long concatenated = concatInput ? input.get(1) : 0;
        Shape s = input;
        for (D2Plus1D unit : units) {
            s = through(unit, s, v);
            concatenated += s.get(1);
        }
        Shape joined = new Shape(s.get(0), concatenated, s.get(2), s.get(3), s.get(4));
        return through(aggregateBn, through(aggregate, joined, v), v);
    }

    /** Fluent, validated options of {@link TemporalOneShotAggregation}; defaults are the paper's. */
    public static final class Builder extends UnitBuilder<Builder> {
        private int numUnits = 5;
        private SePlacement sePlacement = SePlacement.EVEN;
        private boolean zeroInitFinalBn = true;

        private Builder() {}

        private Builder(Builder other) {
            super(other);
            numUnits = other.numUnits;
            sePlacement = other.sePlacement;
            zeroInitFinalBn = other.zeroInitFinalBn;
        }

        @Override
        Builder self() {
            return this;
        }

        Builder copy() {
            return new Builder(this);
        }

        /** @param n number of D(2+1)D units (paper: 5; arXiv v1: 4) @return this */
        public Builder numUnits(int n) {
            numUnits = n;
            return this;
        }

        /** @param p which units get SE (default every even one) @return this */
        public Builder sePlacement(SePlacement p) {
            sePlacement = p;
            return this;
        }

        /** @param on zero-initialise {@code c_bn}'s gamma (default on) @return this */
        public Builder zeroInitFinalBn(boolean on) {
            zeroInitFinalBn = on;
            return this;
        }

        /** @return the block */
        public TemporalOneShotAggregation build() {
            validate("T-OSA", true);
            require(innerChannels >= 2, "T-OSA needs inner >= 2 (units output inner / 2), got " + innerChannels);
            require(numUnits >= 1, "T-OSA needs at least one D(2+1)D unit, got " + numUnits);
            require(sePlacement != null, "SE placement must not be null");
            return new TemporalOneShotAggregation(this);
        }
    }
}
