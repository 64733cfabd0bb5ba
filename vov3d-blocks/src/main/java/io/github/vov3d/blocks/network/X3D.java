package io.github.vov3d.blocks.network;

import io.github.vov3d.blocks.SePlacement;
import io.github.vov3d.blocks.TransformFactory;
import io.github.vov3d.blocks.Widths;
import io.github.vov3d.blocks.X3DBottleneck;

/**
 * Builders of the X3D family (Feichtenhofer 2020), VoV3D's baseline. Widths and depths are
 * expanded from X3D's base network exactly as PySlowFast does: stage widths 12, 24, 48, 96 scaled
 * by the width factor and rounded to multiples of 8, bottlenecks {@code 2.25 ×} wider, repeats
 * {@code ⌈depthFactor × (1, 2, 5, 3)⌉}. XS, S and M share their layers and differ only in the
 * clip they are trained on.
 */
public final class X3D {
    private static final int[] BASE_DEPTHS = {1, 2, 5, 3};

    private X3D() {}

    /** @return X3D-XS: depth factor 2.2, 4 frames, 160 crop */
    public static Builder xs() {
        return builder().depthFactor(2.2).frames(4).trainCrop(160);
    }

    /** @return X3D-S: depth factor 2.2, 13 frames, 160 crop */
    public static Builder s() {
        return builder().depthFactor(2.2).frames(13).trainCrop(160);
    }

    /** @return X3D-M: depth factor 2.2, 16 frames, 224 crop */
    public static Builder m() {
        return builder().depthFactor(2.2);
    }

    /** @return X3D-L: depth factor 5.0, 16 frames, 312 crop */
    public static Builder l() {
        return builder().depthFactor(5.0).trainCrop(312);
    }

    /** @return a builder with X3D-M's values */
    public static Builder builder() {
        return new Builder();
    }

    /** Fluent, validated X3D options. */
    public static final class Builder extends NetworkBuilder<Builder> {
        private double widthFactor = 2.0;
        private double depthFactor = 2.2;
        private double bottleneckFactor = 2.25;
        private int stemBaseWidth = 12;
        private SePlacement sePlacement = SePlacement.EVEN;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** @param f channel expansion (default 2.0) @return this */
        public Builder widthFactor(double f) {
            widthFactor = f;
            return this;
        }

        /** @param f depth expansion (M 2.2, L 5.0) @return this */
        public Builder depthFactor(double f) {
            depthFactor = f;
            return this;
        }

        /** @param f bottleneck expansion (default 2.25) @return this */
        public Builder bottleneckFactor(double f) {
            bottleneckFactor = f;
            return this;
        }

        /** @param w DIM_C1 before scaling (default 12) @return this */
        public Builder stemBaseWidth(int w) {
            stemBaseWidth = w;
            return this;
        }

        /** @param p which blocks of a stage get SE (default even) @return this */
        public Builder sePlacement(SePlacement p) {
            sePlacement = p;
            return this;
        }

        @Override
        public VideoNetwork build() {
            if (widthFactor <= 0 || depthFactor <= 0 || bottleneckFactor <= 0) {
                throw new IllegalArgumentException("X3D factors must be positive");
            }
            TransformFactory bottleneck = X3DBottleneck.factory(
                    X3DBottleneck.builder().depthwiseAlgorithm(depthwiseAlgorithm()), sePlacement);
            int stemWidth = Widths.round(stemBaseWidth, widthFactor);
            VideoNetwork.Builder net = VideoNetwork.builder().stem(stemBuilder(stemWidth), stemWidth);
            int base = stemBaseWidth;
            int inner = 0;
            for (int baseDepth : BASE_DEPTHS) {
                int out = Widths.round(base, widthFactor);
                inner = (int) (bottleneckFactor * out);
                int repeats = (int) Math.ceil(depthFactor * baseDepth);
                net.stage(repeats, inner, out, bottleneck);
                base *= 2;
            }
            return net.head(head(inner)).build();
        }
    }
}
