package io.github.vov3d.examples.paper;

import io.github.vov3d.blocks.network.VideoNetwork;
import io.github.vov3d.blocks.stats.ComplexityCounter;
import io.github.vov3d.data.dataset.VideoClipDataset;
import io.github.vov3d.train.Accuracy;
import io.github.vov3d.train.Recipe;
import io.github.vov3d.train.TrainingSummary;
import io.github.vov3d.train.VideoTrainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs one row of the paper: reads its dataset, builds its network (class count from the data,
 * or a Kinetics-400 checkpoint for the fine-tuned rows), trains it with the row's recipe, runs
 * the row's multi-view test and prints the result beside the paper's number. The same runner
 * serves the example mains and {@code vov3d train} / {@code vov3d test}.
 */
public final class ExperimentRunner {
    private final PaperExperiment row;
    private final RunOptions options;
    private final PrintStream out;

    /**
     * @param row the paper row
     * @param options data, output, device and overrides
     * @param out where the plan, progress and results go
     */
    public ExperimentRunner(PaperExperiment row, RunOptions options, PrintStream out) {
        this.row = Objects.requireNonNull(row, "row");
        this.options = Objects.requireNonNull(options, "options");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** @return the row's clip protocol with the overrides applied */
    public ClipProtocol protocol() {
        ClipProtocol p = ClipProtocol.of(row.entry());
        p = p.scaled(options.frames().orElse(p.frames()), options.crop().orElse(p.trainCrop()));
        return options.views().map(p::withViews).orElse(p);
    }

    /** @return the row's recipe with the overrides applied */
    public Recipe recipe() {
        ClipProtocol p = protocol();
        Recipe.Builder b = row.recipe().toBuilder().frames(p.frames()).trainCrop(p.trainCrop())
                .testViews(p.views().clips(), p.views().crops());
        options.epochs().ifPresent(b::epochs);
        return b.build();
    }

    /**
     * Reads the dataset, decodes one training clip and one test view, and prints the plan.
     *
     * @return the plan
     * @throws IOException if the dataset cannot be read or its first video decoded
     */
    public ExperimentPlan dryRun() throws IOException {
        ExperimentData data = ExperimentData.read(row.layout(), options.data());
        ClipProtocol p = protocol();
        out.println("checking the dataset: reading one training clip and one test view ...");
        data.trainSet(p, options.microBatch(), options.seed()).loadClip(0);
        data.testSet(p).loadClip(0);
        ExperimentPlan plan = plan(data);
        out.println(plan.describe());
        out.println("dry run: nothing trained");
        return plan;
    }

    /**
     * @param data the dataset
     * @return the plan of a run on it
     */
    public ExperimentPlan plan(ExperimentData data) {
        Recipe r = recipe();
        int classes = data.numClasses();
        int micro = options.microBatch();
        int accumulation = accumulation(data, r);
        long steps = data.train().entries().size() / micro / accumulation;
        VideoNetwork counted = StartingNetwork.fresh(row.architecture(), classes, r);
        return new ExperimentPlan(row, classes, ComplexityCounter.count(counted, r.frames(), protocol().testCrop(),
                protocol().testCrop()), r, protocol(), data.describe(), micro, accumulation, steps,
                options.device().toString(), start());
    }

    /**
     * Trains the row and runs its multi-view test on the trained network.
     *
     * @return the test accuracy over videos
     * @throws IOException if data, checkpoints or zoo weights cannot be read or written
     */
    public Accuracy trainAndTest() throws IOException {
        ExperimentData data = ExperimentData.read(row.layout(), options.data());
        try (StartingNetwork net = StartingNetwork.create(row, options, data.numClasses(), recipe());
                VideoTrainer trainer = trainer(net.network(), data)) {
            report(trainer.fit());
            return test(trainer, data);
        }
    }

    /**
     * Trains the row (resuming from the newest checkpoint in the output directory).
     *
     * @return what was trained
     * @throws IOException if data, checkpoints or zoo weights cannot be read or written
     */
    public TrainingSummary train() throws IOException {
        ExperimentData data = ExperimentData.read(row.layout(), options.data());
        try (StartingNetwork net = StartingNetwork.create(row, options, data.numClasses(), recipe());
                VideoTrainer trainer = trainer(net.network(), data)) {
            TrainingSummary summary = trainer.fit();
            report(summary);
            return summary;
        }
    }

    /**
     * Runs the multi-view test of a trained checkpoint ({@code --weights}, or the newest in the
     * output directory).
     *
     * @return the test accuracy over videos
     * @throws IOException if the data or the checkpoint cannot be read
     */
    public Accuracy test() throws IOException {
        ExperimentData data = ExperimentData.read(row.layout(), options.data());
        Path weights = options.weights().isPresent() ? options.weights().get() : TrainedCheckpoints.newest(options.out());
        out.println("testing " + weights);
        try (StartingNetwork net = StartingNetwork.trained(row, options, weights, recipe());
                VideoTrainer trainer = trainer(net.network(), data)) {
            return test(trainer, data);
        }
    }

    private VideoTrainer trainer(VideoNetwork network, ExperimentData data) throws IOException {
        ExperimentPlan plan = plan(data);
        out.println(plan.describe());
        VideoClipDataset train = data.trainSet(protocol(), options.microBatch(), options.seed());
        VideoTrainer.Builder b = VideoTrainer.builder().model(network).trainData(train).recipe(plan.recipe())
                .batchSize(options.microBatch()).accumulationSteps(plan.accumulation())
                .devices(options.device()).outputDir(options.out()).seed(options.seed()).progress(out);
        Optional<VideoClipDataset> validation = data.validationSet(protocol(), options.microBatch());
        validation.ifPresent(b::validationData);
        return b.build();
    }

    private Accuracy test(VideoTrainer trainer, ExperimentData data) throws IOException {
        VideoClipDataset views = data.testSet(protocol());
        Files.createDirectories(options.out());
        Path predictions = options.out().resolve("predictions.csv");
        Accuracy a = trainer.testMultiView(ViewLabelledDataset.of(views, options.microBatch(), out),
                classNames(data), predictions);
        out.println(result(a));
        out.println("per-video predictions: " + predictions);
        return a;
    }

    /**
     * @param a a test result
     * @return e.g. {@code x3d_m_k400: top-1 74.2 % (paper 75.1), top-5 91.8 % (paper 92.2), 19,796 videos, 10x3 views}
     */
    public String result(Accuracy a) {
        return String.format(Locale.ROOT, "%s: top-1 %.1f %% (paper %.1f), top-5 %.1f %% (paper %.1f), %,d videos, %s views",
                row.name(), 100 * a.top1Rate(), row.entry().paper().top1(), 100 * a.top5Rate(),
                row.entry().paper().top5(), a.samples(), protocol().views());
    }

    private void report(TrainingSummary s) {
        out.printf(Locale.ROOT, "trained epochs %d..%d, %,d iterations, last loss %.4f%s%n", s.firstEpoch() + 1,
                s.lastEpoch() + 1, s.iterations(), s.lastTrainLoss(),
                s.lastValidation().map(v -> String.format(Locale.ROOT, ", validation top-1 %.1f %%", 100 * v.top1Rate()))
                        .orElse(""));
        s.lastCheckpoint().ifPresent(c -> out.println("checkpoint: " + c));
    }

    private List<String> classNames(ExperimentData data) {
        return data.numClasses() == row.entry().numClasses() ? row.entry().classNames() : List.of();
    }

    private int accumulation(ExperimentData data, Recipe r) {
        if (options.accumulation().isPresent()) {
            return options.accumulation().getAsInt();
        }
        int micro = options.microBatch();
        int perEpoch = Math.max(1, data.train().entries().size() / micro);
        return Math.max(1, Math.min(r.referenceBatchSize() / micro, perEpoch));
    }

    private String start() {
        if (!row.finetuned()) {
            return "from scratch";
        }
        return "fine-tuned from " + options.pretrained().map(Path::toString)
                .orElse("zoo entry " + row.pretrainedEntry().orElseThrow());
    }
}
