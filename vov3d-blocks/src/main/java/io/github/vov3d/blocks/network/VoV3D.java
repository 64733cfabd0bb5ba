package io.github.vov3d.blocks.network;

import io.github.vov3d.blocks.Nonlinearity;
import io.github.vov3d.blocks.SePlacement;
import io.github.vov3d.blocks.TemporalOneShotAggregation;
import io.github.vov3d.blocks.TransformFactory;
import java.util.Arrays;

/**
 * Builders of the VoV3D family: the X3D stem and head around four stages of T-OSA residual
 * blocks. Widths follow the reference: stem {@code inner/2}; stage i outputs
 * {@code inner × OUT_MULTIPLIER[i]} with D(2+1)D width {@code inner × INNER_MULTIPLIER[i]}.
 *
 * <pre>{@code
 * VideoNetwork m = VoV3D.medium().numClasses(174).build();          // paper defaults
 * VideoNetwork custom = VoV3D.builder().depths(1, 2, 2, 2).numUnits(3)
 *         .temporalKernel(5).sePlacement(SePlacement.ALL).build();  // your own
 * }</pre>
 */
public final class VoV3D {
    private VoV3D() {}

    /** @return VoV3D-M as at the reference's HEAD: depths 1-2-3-2, 5 units, inner 40 */
    public static Builder medium() {
        return builder().depths(1, 2, 3, 2).numUnits(5).innerChannels(40);
    }

    /** @return VoV3D-M of arXiv v1: depths 1-1-2-2, 4 units, inner 48 */
    public static Builder mediumV1() {
        return builder().depths(1, 1, 2, 2).numUnits(4).innerChannels(48);
    }

    /** @return VoV3D-L: depths 1-2-5-3, 5 units, inner 48 */
    public static Builder large() {
        return builder().depths(1, 2, 5, 3).numUnits(5).innerChannels(48);
    }

    /** @return a builder starting from VoV3D-M's values */
    public static Builder builder() {
        return new Builder();
    }

    /** Fluent, validated VoV3D options. */
    public static final class Builder extends NetworkBuilder<Builder> {
        private int[] depths = {1, 2, 3, 2};
        private int numUnits = 5;
        private int innerChannels = 40;
        private double[] innerMultipliers = {1, 2, 4, 8};
        private double[] outMultipliers = {0.5, 1, 2, 4};
        private int temporalKernel = 3;
        private SePlacement sePlacement = SePlacement.EVEN;
        private double seRatio = 1.0 / 16;
        private Nonlinearity activation = Nonlinearity.SWISH;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** @param d blocks per stage, one value per stage (VOV3D.DEPTH) @return this */
        public Builder depths(int... d) {
            depths = d.clone();
            return this;
        }

        /** @param n D(2+1)D units per T-OSA (NUM_CONV) @return this */
        public Builder numUnits(int n) {
            numUnits = n;
            return this;
        }

        /** @param c INNER_CH, the base width @return this */
        public Builder innerChannels(int c) {
            innerChannels = c;
            return this;
        }

        /** @param m per-stage D(2+1)D width multipliers (default 1, 2, 4, 8) @return this */
        public Builder innerMultipliers(double... m) {
            innerMultipliers = m.clone();
            return this;
        }

        /** @param m per-stage output width multipliers (default 0.5, 1, 2, 4) @return this */
        public Builder outMultipliers(double... m) {
            outMultipliers = m.clone();
            return this;
        }

        /** @param k temporal kernel of the D(2+1)D units (default 3) @return this */
        public Builder temporalKernel(int k) {
            temporalKernel = k;
            return this;
        }

        /** @param p which units of a T-OSA get SE (default even) @return this */
        public Builder sePlacement(SePlacement p) {
            sePlacement = p;
            return this;
        }

        /** @param r SE ratio (default 1/16) @return this */
        public Builder seRatio(double r) {
            seRatio = r;
            return this;
        }

        /** @param a inner activation (default Swish) @return this */
        public Builder activation(Nonlinearity a) {
            activation = a;
            return this;
        }

        @Override
        public VideoNetwork build() {
            int stages = depths.length;
            if (stages == 0 || innerMultipliers.length != stages || outMultipliers.length != stages) {
                throw new IllegalArgumentException(
                        "depths, inner and out multipliers need one value per stage; got "
                                + Arrays.toString(depths) + ", " + Arrays.toString(innerMultipliers)
                                + ", " + Arrays.toString(outMultipliers));
            }
            if (innerChannels < 2) {
                throw new IllegalArgumentException("innerChannels must be >= 2, got " + innerChannels);
            }
            TransformFactory tosa = TemporalOneShotAggregation.factory(
                    TemporalOneShotAggregation.builder()
                            .numUnits(numUnits)
                            .temporalKernel(temporalKernel)
                            .sePlacement(sePlacement)
                            .seRatio(seRatio)
                            .activation(activation)
                            .depthwiseAlgorithm(depthwiseAlgorithm()));
            VideoNetwork.Builder net =
                    VideoNetwork.builder().stem(stemBuilder(innerChannels / 2), innerChannels / 2);
            int lastInner = 0;
            for (int i = 0; i < stages; i++) {
                lastInner = (int) (innerChannels * innerMultipliers[i]);
                int out = (int) (innerChannels * outMultipliers[i]);
                net.stage(depths[i], lastInner, out, tosa);
            }
            return net.head(head(lastInner)).build();
        }
    }
}
