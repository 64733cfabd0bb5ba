package io.github.vov3d.train;

import java.util.List;

/**
 * A training recipe as a value: every number of a reference config that shapes optimisation.
 * The factories reproduce the paper's experiment families; {@link #toBuilder()} overrides one
 * field at a time. The base learning rate is specified for {@link #referenceBatchSize()} clips
 * per step and scaled linearly with the actual global batch (Goyal et al.), which is how the
 * reference moves between 8 GPUs and smaller machines.
 *
 * @param baseLr learning rate for {@code referenceBatchSize} clips per step
 * @param referenceBatchSize the global batch the base rate was tuned for
 * @param epochs total epochs
 * @param policy the learning-rate curve
 * @param cosineEndLr final rate of the cosine (before batch scaling)
 * @param steps step boundaries in epochs (STEPS only, first is 0)
 * @param stepFactors factor of each boundary (STEPS only)
 * @param warmupEpochs linear warm-up length in (possibly fractional) epochs
 * @param warmupStartLr rate at the start of the warm-up (before batch scaling)
 * @param momentum SGD momentum
 * @param nesterov Nesterov momentum (the reference default)
 * @param weightDecay L2 penalty of non-BatchNorm parameters
 * @param batchNormDecay which parameters count as BatchNorm and skip weight decay
 * @param dropout dropout before the classifier
 * @param preciseBnBatches batches used to re-estimate BN statistics before evaluation (0: off)
 * @param evalPeriod evaluate every this many epochs (and after the last)
 * @param checkpointPeriod checkpoint every this many epochs (and after the last)
 * @param trainCrop training crop in pixels
 * @param frames frames per clip
 * @param testClips temporal views per video at test time
 * @param testCrops spatial views per video at test time
 */
public record Recipe(
        double baseLr, int referenceBatchSize, int epochs, LrPolicy policy, double cosineEndLr,
        List<Double> steps, List<Double> stepFactors, double warmupEpochs, double warmupStartLr,
        double momentum, boolean nesterov, double weightDecay, BatchNormDecay batchNormDecay,
        float dropout, int preciseBnBatches, int evalPeriod, int checkpointPeriod, int trainCrop,
        int frames, int testClips, int testCrops) {

    /** Validates every field. */
    public Recipe {
        steps = List.copyOf(steps);
        stepFactors = List.copyOf(stepFactors);
        check(baseLr > 0 && referenceBatchSize > 0 && epochs > 0, "baseLr, batch and epochs must be positive");
        check(cosineEndLr >= 0 && warmupEpochs >= 0 && warmupStartLr >= 0, "rates and warm-up must be >= 0");
        check(policy != LrPolicy.STEPS || (!steps.isEmpty() && steps.size() == stepFactors.size()
                && steps.get(0) == 0.0), "STEPS needs boundaries starting at 0 and one factor each");
        check(momentum >= 0 && momentum < 1 && weightDecay >= 0, "momentum in [0,1), decay >= 0");
        check(dropout >= 0 && dropout < 1, "dropout must be in [0, 1)");
        check(preciseBnBatches >= 0 && evalPeriod > 0 && checkpointPeriod > 0, "periods must be positive");
        check(trainCrop > 0 && frames > 0 && testClips > 0 && testCrops > 0, "clip sizes must be positive");
        check(batchNormDecay != null && policy != null, "policy and BN rule must be set");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("invalid recipe: " + message);
        }
    }

    /** @return Kinetics-400 from scratch (VoV3D/X3D-M K400 configs): batch 128, LR 0.1, 256 epochs, cosine, 35 warm-up epochs, 10×3 views */
    public static Recipe kineticsScratch() {
        return new Recipe(0.1, 128, 256, LrPolicy.COSINE, 0, List.of(), List.of(), 35, 0.01, 0.9,
                true, 5e-5, BatchNormDecay.ALL_BATCH_NORM, 0.5f, 200, 10, 10, 224, 16, 10, 3);
    }

    /** @return Something-Something from scratch: batch 64, LR 0.1, 100 epochs, cosine, 1 warm-up epoch, 2×3 views */
    public static Recipe somethingSomethingScratch() {
        return new Recipe(0.1, 64, 100, LrPolicy.COSINE, 0, List.of(), List.of(), 1, 0.01, 0.9,
                true, 5e-5, BatchNormDecay.ALL_BATCH_NORM, 0.5f, 200, 2, 20, 224, 16, 2, 3);
    }

    /** @return Something-Something fine-tuned from Kinetics (32 frames): batch 64, LR 0.05, 50 epochs, steps ×0.1 at 35 and 45, 0.19 warm-up epochs from 1e-4 */
    public static Recipe somethingSomethingFinetune() {
        return new Recipe(0.05, 64, 50, LrPolicy.STEPS, 0, List.of(0.0, 35.0, 45.0),
                List.of(1.0, 0.1, 0.01), 0.19, 1e-4, 0.9, true, 5e-5, BatchNormDecay.ALL_BATCH_NORM,
                0.5f, 200, 2, 10, 224, 32, 2, 3);
    }

    /** @return a builder holding this recipe's values */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Overrides one field at a time: {@code Recipe.kineticsScratch().toBuilder().epochs(5).build()}. */
    public static final class Builder {
        private double baseLr;
        private int referenceBatchSize;
        private int epochs;
        private LrPolicy policy;
        private double cosineEndLr;
        private List<Double> steps;
        private List<Double> stepFactors;
        private double warmupEpochs;
        private double warmupStartLr;
        private double momentum;
        private boolean nesterov;
        private double weightDecay;
        private BatchNormDecay batchNormDecay;
        private float dropout;
        private int preciseBnBatches;
        private int evalPeriod;
        private int checkpointPeriod;
        private int trainCrop;
        private int frames;
        private int testClips;
        private int testCrops;

        private Builder(Recipe r) {
            baseLr = r.baseLr;
            referenceBatchSize = r.referenceBatchSize;
            epochs = r.epochs;
            policy = r.policy;
            cosineEndLr = r.cosineEndLr;
            steps = r.steps;
            stepFactors = r.stepFactors;
            warmupEpochs = r.warmupEpochs;
            warmupStartLr = r.warmupStartLr;
            momentum = r.momentum;
            nesterov = r.nesterov;
            weightDecay = r.weightDecay;
            batchNormDecay = r.batchNormDecay;
            dropout = r.dropout;
            preciseBnBatches = r.preciseBnBatches;
            evalPeriod = r.evalPeriod;
            checkpointPeriod = r.checkpointPeriod;
            trainCrop = r.trainCrop;
            frames = r.frames;
            testClips = r.testClips;
            testCrops = r.testCrops;
        }

        /** @param v base learning rate @return this */
        public Builder baseLr(double v) { baseLr = v; return this; }
        /** @param v batch the base rate is for @return this */
        public Builder referenceBatchSize(int v) { referenceBatchSize = v; return this; }
        /** @param v epochs @return this */
        public Builder epochs(int v) { epochs = v; return this; }
        /** @param v LR policy @return this */
        public Builder policy(LrPolicy v) { policy = v; return this; }
        /** @param v cosine end rate @return this */
        public Builder cosineEndLr(double v) { cosineEndLr = v; return this; }
        /** @param boundaries step boundaries (epochs) @param factors factors @return this */
        public Builder steps(List<Double> boundaries, List<Double> factors) { steps = boundaries; stepFactors = factors; return this; }
        /** @param v warm-up epochs @return this */
        public Builder warmupEpochs(double v) { warmupEpochs = v; return this; }
        /** @param v warm-up start rate @return this */
        public Builder warmupStartLr(double v) { warmupStartLr = v; return this; }
        /** @param v momentum @return this */
        public Builder momentum(double v) { momentum = v; return this; }
        /** @param v Nesterov @return this */
        public Builder nesterov(boolean v) { nesterov = v; return this; }
        /** @param v weight decay @return this */
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        /** @param v BN decay rule @return this */
        public Builder batchNormDecay(BatchNormDecay v) { batchNormDecay = v; return this; }
        /** @param v dropout @return this */
        public Builder dropout(float v) { dropout = v; return this; }
        /** @param v precise-BN batches (0 off) @return this */
        public Builder preciseBnBatches(int v) { preciseBnBatches = v; return this; }
        /** @param v evaluation period (epochs) @return this */
        public Builder evalPeriod(int v) { evalPeriod = v; return this; }
        /** @param v checkpoint period (epochs) @return this */
        public Builder checkpointPeriod(int v) { checkpointPeriod = v; return this; }
        /** @param v training crop @return this */
        public Builder trainCrop(int v) { trainCrop = v; return this; }
        /** @param v frames per clip @return this */
        public Builder frames(int v) { frames = v; return this; }
        /** @param clips temporal views @param crops spatial views @return this */
        public Builder testViews(int clips, int crops) { testClips = clips; testCrops = crops; return this; }

        /** @return the recipe */
        public Recipe build() {
            return new Recipe(baseLr, referenceBatchSize, epochs, policy, cosineEndLr, steps,
                    stepFactors, warmupEpochs, warmupStartLr, momentum, nesterov, weightDecay,
                    batchNormDecay, dropout, preciseBnBatches, evalPeriod, checkpointPeriod,
                    trainCrop, frames, testClips, testCrops);
        }
    }
}
