package io.github.vov3d.examples.miniature;

import io.github.vov3d.train.Recipe;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything that defines one run of the miniature experiment. {@link #defaults()} is the
 * command's default job (sized to finish in a few minutes on 2 CPU cores); {@link #quick()} is
 * a seconds-long smoke run for tests. One seed fixes the data, the initial weights, the
 * shuffling and the dropout masks, and is the same for every model.
 *
 * @param seed data and training seed
 * @param epochs training epochs
 * @param trainVideos training videos (one jittered clip each)
 * @param testVideos test videos (their centre clip validates, their views test)
 * @param batchSize clips per optimiser step (also the recipe's reference batch)
 * @param geometry clip and video sizes
 * @param models the networks to compare ({@link MiniatureModels} names)
 * @param outputDir where each model's checkpoints, metrics, plots and predictions go
 */
public record MiniatureOptions(long seed, int epochs, int trainVideos, int testVideos, int batchSize,
        ClipGeometry geometry, List<String> models, Path outputDir) {

    /** Validates the values. */
    public MiniatureOptions {
        models = List.copyOf(models);
        if (epochs < 1 || trainVideos < 1 || testVideos < 1 || batchSize < 1 || models.isEmpty()) {
            throw new IllegalArgumentException("epochs, video counts, batch size and model list must be "
                    + "positive; got " + epochs + ", " + trainVideos + ", " + testVideos + ", " + batchSize
                    + ", " + models);
        }
        if (trainVideos < batchSize) {
            throw new IllegalArgumentException("need at least one batch of training videos (" + batchSize
                    + "), got " + trainVideos);
        }
        if (geometry == null || outputDir == null) {
            throw new IllegalArgumentException("geometry and output directory are required");
        }
    }

    /** @return the default job: 8 × 32 × 32 clips, 1,536 training and 256 test videos, 6 epochs, seed 1 */
    public static MiniatureOptions defaults() {
        return new MiniatureOptions(1, 6, 1536, 256, 16, new ClipGeometry(8, 32, 8, 4),
                List.of(MiniatureModels.X3D, MiniatureModels.VOV3D), Path.of("runs", "miniature"));
    }

    /** @return a smoke run: 4 × 16 × 16 clips, 32 training and 8 test videos, 1 epoch */
    public static MiniatureOptions quick() {
        return new MiniatureOptions(1, 1, 32, 8, 8, new ClipGeometry(4, 16, 4, 2),
                List.of(MiniatureModels.X3D, MiniatureModels.VOV3D), Path.of("runs", "miniature-quick"));
    }

    /** @param s the seed @return a copy with it */
    public MiniatureOptions withSeed(long s) {
        return new MiniatureOptions(s, epochs, trainVideos, testVideos, batchSize, geometry, models, outputDir);
    }

    /** @param e epochs @return a copy with them */
    public MiniatureOptions withEpochs(int e) {
        return new MiniatureOptions(seed, e, trainVideos, testVideos, batchSize, geometry, models, outputDir);
    }

    /** @param n training videos @return a copy with them */
    public MiniatureOptions withTrainVideos(int n) {
        return new MiniatureOptions(seed, epochs, n, testVideos, batchSize, geometry, models, outputDir);
    }

    /** @param dir output directory @return a copy with it */
    public MiniatureOptions withOutputDir(Path dir) {
        return new MiniatureOptions(seed, epochs, trainVideos, testVideos, batchSize, geometry, models, dir);
    }

    /**
     * The paper's Something-Something recipe from scratch (SGD, Nesterov, cosine with a 1-epoch
     * warm-up, weight decay 5e-5, dropout 0.5, precise BN, 2 × 3 test views), shortened to this
     * run's epochs, with its base rate meant for this run's batch and the clip sizes of the run.
     *
     * @return the recipe every model is trained with
     */
    public Recipe recipe() {
        return Recipe.somethingSomethingScratch().toBuilder()
                .epochs(epochs)
                .referenceBatchSize(batchSize)
                .preciseBnBatches(Math.min(200, Math.max(1, trainVideos / batchSize / 4)))
                .evalPeriod(1)
                .checkpointPeriod(1)
                .frames(geometry.frames())
                .trainCrop(geometry.crop())
                .build();
    }

    /** @return where this seed's runs go: {@code outputDir/seed-N} */
    public Path seedDirectory() {
        return outputDir.resolve("seed-" + seed);
    }
}
