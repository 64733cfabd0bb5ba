package io.github.vov3d.train;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The training run of {@link KilledTrainingResumesTest}, runnable as a separate JVM (to be
 * killed) or in-process (to resume): same data, network, recipe and seed.
 */
public final class CrashableTraining {
    static final int EPOCHS = 4;

    private CrashableTraining() {}

    static TrainingSummary run(Path out, PrintStream progress) throws IOException {
        try (NDManager data = NDManager.newBaseManager();
                VideoTrainer trainer = VideoTrainer.builder()
                        .model(SyntheticMotion.network())
                        .trainData(SyntheticMotion.dataset(data, 64, 11, 8))
                        .recipe(SyntheticMotion.recipe(EPOCHS).toBuilder().preciseBnBatches(0).build())
                        .batchSize(8).seed(3).logEvery(1).outputDir(out).progress(progress)
                        .build()) {
            return trainer.fit();
        }
    }

    /**
     * @param args the output directory
     * @throws IOException if checkpoints cannot be written
     */
    public static void main(String[] args) throws IOException {
        run(Path.of(args[0]), System.out);
    }
}
