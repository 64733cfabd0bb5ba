package io.github.vov3d.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.ArrayDataset;
import io.github.vov3d.blocks.network.ScopedForward;
import io.github.vov3d.blocks.network.VideoNetwork;
import io.github.vov3d.train.report.MetricRecord;
import io.github.vov3d.train.report.MetricsLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoTrainerTest {
    @TempDir
    Path out;

    /** The run behind the plots in docs/training.md. */
    @Test
    void learnsATemporalRuleAndWritesCheckpointsLogsAndPlots() throws IOException {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (NDManager data = NDManager.newBaseManager();
                VideoTrainer trainer = VideoTrainer.builder()
                        .model(SyntheticMotion.network())
                        .trainData(SyntheticMotion.dataset(data, 256, 1, 8))
                        .validationData(SyntheticMotion.dataset(data, 128, 2, 16))
                        .recipe(SyntheticMotion.recipe(8).toBuilder().evalPeriod(1).checkpointPeriod(2).build())
                        .batchSize(8)
                        .seed(7)
                        .logEvery(4)
                        .outputDir(out)
                        .progress(new PrintStream(console, true, StandardCharsets.UTF_8))
                        .build()) {
            TrainingSummary s = trainer.fit();
            assertEquals(0, s.firstEpoch());
            assertEquals(7, s.lastEpoch());
            assertEquals(8 * 32, s.iterations());
            Accuracy val = s.lastValidation().orElseThrow();
            assertTrue(val.top1Rate() >= 0.8, "chance is 0.25, got " + val.top1Rate() + "\n" + console);
            List<MetricRecord> log = MetricsLog.read(out.resolve("metrics.jsonl"));
            double first = log.stream().filter(r -> r.phase().equals("train")).findFirst()
                    .orElseThrow().values().get("loss");
            assertTrue(s.lastTrainLoss() < 0.5 * first, "loss " + first + " -> " + s.lastTrainLoss());
            for (int e = 2; e <= 8; e += 2) {
                assertTrue(Files.isRegularFile(out.resolve("checkpoints")
                        .resolve(String.format("checkpoint_epoch_%05d.pyth", e))));
            }
            for (String png : new String[] {"loss.png", "accuracy.png", "lr.png"}) {
                assertTrue(Files.size(out.resolve("checkpoints").resolve(png)) > 1000, png);
            }
            assertTrue(console.toString(StandardCharsets.UTF_8).contains("epoch 8/8"));
        }
    }

    /**
     * Evaluation (validation and the multi-view test) runs the network compiled for inference;
     * it must score with the weights as they are when it is called (here: after a training epoch
     * changed them), as the network's own eval forward does.
     */
    @Test
    void multiViewTestScoresWithTheCurrentWeightsLikeTheNetworksOwnForward() throws IOException {
        try (NDManager data = NDManager.newBaseManager()) {
            VideoNetwork network = SyntheticMotion.network();
            int videos = 3;
            int viewsPerVideo = 2;
            NDArray clips = data.randomNormal(new Shape(videos * viewsPerVideo, 3,
                    SyntheticMotion.FRAMES, SyntheticMotion.SIZE, SyntheticMotion.SIZE));
            float[] videoOfView = new float[videos * viewsPerVideo];
            for (int i = 0; i < videoOfView.length; i++) {
                videoOfView[i] = i / viewsPerVideo;
            }
            ArrayDataset views = new ArrayDataset.Builder().setData(clips)
                    .optLabels(data.zeros(new Shape(videoOfView.length)), data.create(videoOfView))
                    .setSampling(4, false).build();
            Path csv = out.resolve("predictions.csv");
            float[] before;
            float[] probabilities;
            TrainingSummary summary;
            try (VideoTrainer trainer = VideoTrainer.builder().model(network)
                    .trainData(SyntheticMotion.dataset(data, 16, 1, 8))
                    .validationData(views)
                    .recipe(SyntheticMotion.recipe(1)).batchSize(8).outputDir(out)
                    .progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                    .build()) {
                // the trainer owns the weights it initialised: read them before it closes
                before = evalProbabilities(network, clips);
                summary = trainer.fit();
                trainer.testMultiView(views, List.of(), csv);
                probabilities = evalProbabilities(network, clips);
            }
            float change = 0;
            for (int i = 0; i < before.length; i++) {
                change = Math.max(change, Math.abs(before[i] - probabilities[i]));
            }
            assertTrue(change > 1e-3f, "training changed the outputs by only " + change);
            int classes = SyntheticMotion.CLASSES;
            List<String> lines = Files.readAllLines(csv);
            assertEquals(videos + 1, lines.size());
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.split(",");
                int video = Integer.parseInt(fields[0]);
                for (String top : fields[3].split(" ")) {
                    int c = Integer.parseInt(top.substring(0, top.indexOf(':')));
                    double mean = 0;
                    for (int v = 0; v < viewsPerVideo; v++) {
                        mean += probabilities[(video * viewsPerVideo + v) * classes + c] / viewsPerVideo;
                    }
                    assertEquals(mean, Double.parseDouble(top.substring(top.indexOf(':') + 1)), 1.5e-4,
                            "video " + video + ", class " + c + ": " + line);
                }
            }
            // validation (single view, label 0 for every clip) counts what the network predicts
            int correct = 0;
            for (int v = 0; v < videoOfView.length; v++) {
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    if (probabilities[v * classes + c] > probabilities[v * classes + best]) {
                        best = c;
                    }
                }
                correct += best == 0 ? 1 : 0;
            }
            Accuracy validation = summary.lastValidation().orElseThrow();
            assertEquals(videoOfView.length, validation.samples());
            assertEquals(correct / (double) videoOfView.length, validation.top1Rate(), 1e-9);
        }
    }

    private static float[] evalProbabilities(VideoNetwork network, NDArray clips) {
        try (NDManager scope = clips.getManager().newSubManager()) {
            return ScopedForward.run(network, new ParameterStore(scope, false), clips, false)
                    .toFloatArray();
        }
    }

    @Test
    void aNetworkOnAnotherDeviceThanTheTrainersIsRefused() {
        try (NDManager data = NDManager.newBaseManager()) {
            VideoNetwork network = SyntheticMotion.network();
            network.initialize(data, DataType.FLOAT32,
                    new Shape(1, 3, SyntheticMotion.FRAMES, SyntheticMotion.SIZE, SyntheticMotion.SIZE));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> VideoTrainer.builder().model(network)
                            .trainData(SyntheticMotion.dataset(data, 16, 1, 8))
                            .recipe(SyntheticMotion.recipe(1)).devices(Device.gpu(0))
                            .batchSize(8).outputDir(out).build());
            assertTrue(e.getMessage().contains("cpu()") && e.getMessage().contains("gpu(0)"),
                    e.getMessage());
        }
    }

    @Test
    void aFinishedRunResumesToNothingAndAnInvalidSetupIsExplained() throws IOException {
        try (NDManager data = NDManager.newBaseManager()) {
            var train = SyntheticMotion.dataset(data, 16, 1, 8);
            for (int round = 0; round < 2; round++) {
                try (VideoTrainer trainer = VideoTrainer.builder().model(SyntheticMotion.network())
                        .trainData(train).recipe(SyntheticMotion.recipe(1)).batchSize(8).outputDir(out)
                        .progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                        .build()) {
                    TrainingSummary s = trainer.fit();
                    assertEquals(round == 0, s.resumedFrom().isEmpty());
                    assertEquals(round, s.firstEpoch());
                }
            }
            IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () ->
                    VideoTrainer.builder().model(SyntheticMotion.network()).trainData(train)
                            .recipe(SyntheticMotion.recipe(1)).batchSize(8).accumulationSteps(4)
                            .outputDir(out.resolve("x")).build().fit());
            assertTrue(small.getMessage().contains("smaller than one optimiser step"), small.getMessage());
            assertThrows(IllegalArgumentException.class, () -> VideoTrainer.builder().build());
        }
    }

    @Test
    void aDivergingRunStopsWithoutWritingACheckpoint() throws IOException {
        try (NDManager data = NDManager.newBaseManager();
                VideoTrainer trainer = VideoTrainer.builder().model(SyntheticMotion.network())
                        .trainData(SyntheticMotion.dataset(data, 32, 1, 8))
                        .recipe(SyntheticMotion.recipe(2).toBuilder().baseLr(1e9).warmupEpochs(0).build())
                        .batchSize(8).outputDir(out)
                        .progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                        .build()) {
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, trainer::fit);
            assertTrue(e.getMessage().contains("lower base learning rate"), e.getMessage());
            assertTrue(!Files.exists(out.resolve("checkpoints"))
                    || Files.list(out.resolve("checkpoints")).noneMatch(p -> p.toString().endsWith(".pyth")));
        }
    }
}
