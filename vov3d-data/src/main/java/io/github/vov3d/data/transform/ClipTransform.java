package io.github.vov3d.data.transform;

import io.github.vov3d.data.media.DecodeSize;
import io.github.vov3d.data.media.RgbFrame;
import java.util.List;
import java.util.Random;

/**
 * The reference's spatial sampling for one clip. Training: short side drawn from
 * {@code [minScale, maxScale]} (uniformly, or inverse-uniformly as DATA.INV_UNIFORM_SAMPLE does
 * for Something-Something), a random square crop, a horizontal flip with probability ½ when
 * enabled. Testing: short side {@code testScale} and one of three uniform crops (or the centre /
 * first crop for single-crop testing, per dataset). Then normalisation to C×T×H×W floats.
 *
 * <p>The work is done in plain Java arrays: measured against NDArray resize/crop/normalise
 * (see {@code docs/performance.md}) it is faster, because only the cropped pixels are ever
 * interpolated and converted to float, and it runs on loader threads without an engine.
 */
public final class ClipTransform {
    private final boolean training;
    private final int minScale;
    private final int maxScale;
    private final boolean inverseUniform;
    private final int cropSize;
    private final boolean flip;
    private final int testScale;
    private final boolean singleCropCentre;
    private final Normalization normalization;

    private ClipTransform(Builder b) {
        training = b.training;
        minScale = b.minScale;
        maxScale = b.maxScale;
        inverseUniform = b.inverseUniform;
        cropSize = b.cropSize;
        flip = b.flip;
        testScale = b.testScale;
        singleCropCentre = b.singleCropCentre;
        normalization = b.normalization;
    }

    /** @return a builder for training (jitter 256–320, crop 224, flip on) */
    public static Builder training() {
        return new Builder(true);
    }

    /** @return a builder for testing (short side 256, crop 256, three crops) */
    public static Builder testing() {
        return new Builder(false);
    }

    /** @return whether this is the training transform */
    public boolean isTraining() {
        return training;
    }

    /** @return the output side */
    public int cropSize() {
        return cropSize;
    }

    /**
     * Draws the spatial parameters of one clip.
     *
     * @param width source frame width
     * @param height source frame height
     * @param random the random source (training)
     * @param crop spatial crop index (testing)
     * @param crops spatial crops per clip (testing): 1 or 3
     * @return the plan
     */
    public SpatialPlan plan(int width, int height, Random random, int crop, int crops) {
        int shortSide;
        if (training) {
            shortSide = inverseUniform
                    ? (int) Math.round(1.0 / (1.0 / maxScale + random.nextDouble() * (1.0 / minScale - 1.0 / maxScale)))
                    : (int) Math.round(minScale + random.nextDouble() * (maxScale - minScale));
        } else {
            shortSide = testScale;
        }
        int[] size = DecodeSize.shortSide(shortSide).apply(width, height);
        CropBox box;
        if (training) {
            box = CropBox.random(size[0], size[1], cropSize, random);
        } else if (crops == 1) {
            box = CropBox.uniform(size[0], size[1], cropSize, singleCropCentre ? 1 : 0);
        } else if (crops == 3) {
            box = CropBox.uniform(size[0], size[1], cropSize, crop);
        } else {
            throw new IllegalArgumentException("test crops must be 1 or 3, got " + crops);
        }
        boolean mirror = training && flip && random.nextBoolean();
        return new SpatialPlan(shortSide, size[0], size[1], box, mirror);
    }

    /**
     * @param frames the clip's frames, at the source size or already at the plan's resized size
     * @param plan the spatial plan
     * @return C×T×H×W floats
     */
    public float[] apply(List<RgbFrame> frames, SpatialPlan plan) {
        return ClipTensorizer.tensorize(frames, plan, normalization);
    }

    /** Options of {@link ClipTransform}; every setter validates. */
    public static final class Builder {
        private final boolean training;
        private int minScale = 256;
        private int maxScale = 320;
        private boolean inverseUniform;
        private int cropSize;
        private boolean flip;
        private int testScale = 256;
        private boolean singleCropCentre = true;
        private Normalization normalization = Normalization.vov3d();

        private Builder(boolean training) {
            this.training = training;
            this.cropSize = training ? 224 : 256;
            this.flip = training;
        }

        /** @param min smallest short side @param max largest short side @return this */
        public Builder jitter(int min, int max) {
            if (min <= 0 || max < min) {
                throw new IllegalArgumentException("jitter scales need 0 < min <= max, got " + min + ", " + max);
            }
            minScale = min;
            maxScale = max;
            return this;
        }

        /** @param on draw the short side inverse-uniformly (Something-Something) @return this */
        public Builder inverseUniform(boolean on) {
            inverseUniform = on;
            return this;
        }

        /** @param size output side (training 224, testing 256) @return this */
        public Builder crop(int size) {
            if (size <= 0) {
                throw new IllegalArgumentException("crop size must be positive, got " + size);
            }
            cropSize = size;
            return this;
        }

        /** @param on random horizontal flip (off for Something-Something) @return this */
        public Builder flip(boolean on) {
            flip = on;
            return this;
        }

        /** @param shortSide test-time short side @return this */
        public Builder testScale(int shortSide) {
            if (shortSide <= 0) {
                throw new IllegalArgumentException("test scale must be positive, got " + shortSide);
            }
            testScale = shortSide;
            return this;
        }

        /**
         * @param centre single-crop testing takes the centre (Kinetics, default) or index 0
         *     (Something-Something)
         * @return this
         */
        public Builder singleCropCentre(boolean centre) {
            singleCropCentre = centre;
            return this;
        }

        /** @param n mean, std and channel order @return this */
        public Builder normalization(Normalization n) {
            if (n == null) {
                throw new IllegalArgumentException("normalization is required");
            }
            normalization = n;
            return this;
        }

        /** @return the transform */
        public ClipTransform build() {
            int smallest = training ? minScale : testScale;
            if (cropSize > smallest) {
                throw new IllegalArgumentException("crop " + cropSize + " is larger than the short side " + smallest);
            }
            return new ClipTransform(this);
        }
    }
}
