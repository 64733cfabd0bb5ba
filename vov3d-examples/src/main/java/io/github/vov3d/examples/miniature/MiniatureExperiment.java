package io.github.vov3d.examples.miniature;

import io.github.vov3d.api.ModelStatistics;
import io.github.vov3d.blocks.network.VideoNetwork;
import io.github.vov3d.blocks.stats.ComplexityCounter;
import io.github.vov3d.train.Accuracy;
import io.github.vov3d.train.Recipe;
import io.github.vov3d.train.TrainingSummary;
import io.github.vov3d.train.VideoTrainer;
import io.github.vov3d.train.report.MetricsLog;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Temporal reasoning in miniature: trains every model of the run on the generated
 * {@link Motion} videos with one recipe and one seed, tests each with several views per video,
 * and reports parameters, GMACs, single- and multi-view top-1 and throughput. A model's
 * directory keeps the trainer's checkpoints, metrics and plots and the test predictions; a run
 * killed part-way continues from its last checkpoint when started again with the same options.
 */
public final class MiniatureExperiment {
    private static final double NOISE = 0.5;

    private final MiniatureOptions options;
    private final PrintStream out;

    /**
     * @param options what to run
     * @param out where progress and the table go
     */
    public MiniatureExperiment(MiniatureOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /**
     * Runs every model, prints the table and writes it to {@code results.txt} in the seed's
     * directory.
     *
     * @return one result per model, in the options' order
     * @throws IOException if checkpoints, logs or results cannot be written
     */
    public List<ModelResult> run() throws IOException {
        Recipe recipe = options.recipe();
        ClipGeometry g = options.geometry();
        SceneRenderer renderer = new SceneRenderer(g, NOISE);
        MotionClips train = clips(renderer, 0, options.trainVideos(), ViewPlan.jitteredClip(), false);
        MotionClips validation = clips(renderer, options.trainVideos(), options.testVideos(), ViewPlan.centreClip(), false);
        ViewPlan testViews = ViewPlan.grid(recipe.testClips(), recipe.testCrops());
        MotionClips test = clips(renderer, options.trainVideos(), options.testVideos(), testViews, true);
        out.printf(Locale.ROOT, "temporal reasoning in miniature: %d classes (%s)%n", Motion.values().length,
                String.join(", ", Motion.names()));
        out.printf(Locale.ROOT, "seed %d (data, initial weights, shuffling, dropout; the same for every model)%n",
                options.seed());
        out.printf(Locale.ROOT, "data: %,d training videos (one jittered %d×%d×%d clip each), %,d test videos "
                        + "(centre clip for validation, %d×%d views for the test), generated on the fly%n",
                options.trainVideos(), g.frames(), g.crop(), g.crop(), options.testVideos(),
                recipe.testClips(), recipe.testCrops());
        out.printf(Locale.ROOT, "recipe: SSv2 from scratch, %d epochs, batch %d, base LR %.3g, cosine, warm-up %.3g "
                        + "epoch, dropout %.2f, precise BN over %d batches; output in %s%n", recipe.epochs(),
                options.batchSize(), recipe.baseLr(), recipe.warmupEpochs(), recipe.dropout(),
                recipe.preciseBnBatches(), options.seedDirectory());
        List<ModelResult> results = new ArrayList<>();
        for (String model : options.models()) {
            results.add(runModel(model, recipe, train, validation, test));
        }
        String table = ResultTable.format(options.seed(), testViews.viewsPerVideo(), results);
        out.println();
        out.println(table);
        Files.writeString(options.seedDirectory().resolve("results.txt"), table + System.lineSeparator(),
                StandardCharsets.UTF_8);
        return results;
    }

    private ModelResult runModel(String model, Recipe recipe, MotionClips train, MotionClips validation,
            MotionClips test) throws IOException {
        ClipGeometry g = options.geometry();
        VideoNetwork network = MiniatureModels.build(model, g, recipe.dropout());
        ModelStatistics cost = ComplexityCounter.count(network, g.frames(), g.crop(), g.crop());
        Path dir = options.seedDirectory().resolve(model);
        out.printf(Locale.ROOT, "%n== %s: %,d parameters, %.4f GMACs per view ==%n", model, cost.parameters(),
                cost.gigaMacs());
        try (VideoTrainer trainer = VideoTrainer.builder().model(network).trainData(train)
                        .validationData(validation).recipe(recipe).batchSize(options.batchSize())
                        .seed(options.seed()).logEvery(1).outputDir(dir).progress(out).build()) {
            long started = System.nanoTime();
            TrainingSummary summary = trainer.fit();
            double trainSeconds = (System.nanoTime() - started) / 1e9;
            Accuracy single = summary.lastValidation().isPresent() ? summary.lastValidation().get()
                    : trainer.validate(summary.lastEpoch());
            double trainRate = TrainingSpeed.clipsPerSecond(MetricsLog.read(dir.resolve("metrics.jsonl")),
                    summary.firstEpoch());
            out.printf(Locale.ROOT, "testing %s on %,d views (%,d videos) ...%n", model, test.size(),
                    options.testVideos());
            started = System.nanoTime();
            Accuracy multi = trainer.testMultiView(test, Motion.names(), dir.resolve("predictions.csv"));
            double testSeconds = (System.nanoTime() - started) / 1e9;
            out.printf(Locale.ROOT, "%s: top-1 %.1f%% single view, %.1f%% multi-view; trained in %.0f s, "
                            + "tested in %.0f s%n", model, 100 * single.top1Rate(), 100 * multi.top1Rate(),
                    trainSeconds, testSeconds);
            return new ModelResult(model, cost.parameters(), cost.gigaMacs(), single.top1Rate(), multi.top1Rate(),
                    trainRate, test.size() / testSeconds, trainSeconds, testSeconds);
        }
    }

    private MotionClips clips(SceneRenderer renderer, long first, long count, ViewPlan plan, boolean labelVideos) {
        return MotionClips.builder().seed(options.seed()).videos(first, count).views(plan)
                .labelVideos(labelVideos).renderer(renderer)
                .setSampling(options.batchSize(), false).build();
    }
}
