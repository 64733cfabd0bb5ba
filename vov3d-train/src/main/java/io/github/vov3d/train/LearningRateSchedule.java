package io.github.vov3d.train;

/**
 * The learning rate as a function of fractional epoch, exactly as PySlowFast computes it
 * ({@code get_lr_at_epoch}): the policy's value, preceded by a linear warm-up from the warm-up
 * start rate to the policy's value at the end of the warm-up; then everything is scaled by
 * {@code globalBatch / referenceBatchSize}. Evaluated every iteration with
 * {@code epoch + iteration / iterationsPerEpoch}.
 */
public final class LearningRateSchedule {
    private final Recipe recipe;
    private final double batchScale;

    /**
     * @param recipe the recipe
     * @param globalBatchSize clips per optimiser step (all devices, all accumulated micro-batches)
     */
    public LearningRateSchedule(Recipe recipe, int globalBatchSize) {
        if (globalBatchSize <= 0) {
            throw new IllegalArgumentException("global batch must be positive, got " + globalBatchSize);
        }
        this.recipe = recipe;
        this.batchScale = (double) globalBatchSize / recipe.referenceBatchSize();
    }

    /**
     * @param epoch fractional epoch, {@code epoch + iteration / iterationsPerEpoch}
     * @return the learning rate
     */
    public double at(double epoch) {
        double lr = policy(epoch);
        if (epoch < recipe.warmupEpochs()) {
            double end = policy(recipe.warmupEpochs());
            double start = recipe.warmupStartLr();
            lr = start + (end - start) * epoch / recipe.warmupEpochs();
        }
        return lr * batchScale;
    }

    private double policy(double epoch) {
        return switch (recipe.policy()) {
            case COSINE -> recipe.cosineEndLr() + (recipe.baseLr() - recipe.cosineEndLr())
                    * (1 + Math.cos(Math.PI * epoch / recipe.epochs())) / 2;
            case STEPS -> {
                int index = 0;
                for (int i = 0; i < recipe.steps().size(); i++) {
                    if (recipe.steps().get(i) <= epoch) {
                        index = i;
                    }
                }
                yield recipe.baseLr() * recipe.stepFactors().get(index);
            }
        };
    }
}
