package io.github.vov3d.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.loss.Loss;
import ai.djl.translate.TranslateException;
import io.github.vov3d.blocks.StateDictNames;
import io.github.vov3d.blocks.network.ScopedForward;
import io.github.vov3d.blocks.network.VideoNetwork;
import io.github.vov3d.train.report.MetricRecord;
import io.github.vov3d.train.report.MetricsLog;
import io.github.vov3d.train.report.ProgressBar;
import io.github.vov3d.train.report.TrainingPlots;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Trains a {@link VideoNetwork} with a {@link Recipe}: SGD with Nesterov momentum and no weight
 * decay on BatchNorm, the reference's warm-up + cosine (or step) schedule scaled to the global
 * batch, gradient accumulation, precise BN before each evaluation, checkpoints in PySlowFast's
 * format with automatic resume from the newest good one, a NaN guard, a progress bar, a
 * JSON-lines metrics log and PNG curves next to the checkpoints.
 *
 * <pre>{@code
 * TrainingSummary s = VideoTrainer.builder()
 *         .model(VoV3D.medium().numClasses(174).build())
 *         .trainData(train).validationData(val)
 *         .recipe(Recipe.somethingSomethingScratch())
 *         .batchSize(8).accumulationSteps(8)
 *         .outputDir(Path.of("runs/vov3d_m_ssv2"))
 *         .build().fit();
 * }</pre>
 *
 * Datasets yield batches whose data is one N×3×T×H×W clip array and whose labels are class
 * indices. Devices come from {@link Builder#devices}; several devices split every batch.
 */
public final class VideoTrainer implements AutoCloseable {
    private final Builder options;
    private final NDManager manager;
    private final ParameterStore store;
    private final SgdParameterServer optimizer;
    private final Map<String, Parameter> named;
    private final Set<String> noDecayIds;
    private final TrainingCheckpoints checkpoints;
    private final Loss loss = Loss.softmaxCrossEntropyLoss();
    private double currentLr;

    private VideoTrainer(Builder b) {
        options = b;
        VideoNetwork net = b.model;
        named = StateDictNames.of(net); // the structure's parameters, initialised or not
        boolean loaded = net.isInitialized();
        if (loaded) {
            requireOnDevice(named, b.devices[0]);
        }
        manager = NDManager.newBaseManager(b.devices[0]);
        if (!loaded) {
            Engine.getInstance().setRandomSeed((int) b.seed); // reproducible initial weights
            net.initialize(manager, DataType.FLOAT32,
                    new Shape(1, 3, b.recipe.frames(), b.recipe.trainCrop(), b.recipe.trainCrop()));
        }
        noDecayIds = b.recipe.batchNormDecay().exemptIds(net);
        Map<String, String> namesById = new LinkedHashMap<>();
        named.forEach((name, p) -> namesById.put(p.getId(), name));
        optimizer = new SgdParameterServer(manager, namesById, noDecayIds, b.recipe.momentum(),
                b.recipe.nesterov(), b.recipe.weightDecay(), () -> currentLr);
        store = new ParameterStore(manager, false);
        store.setParameterServer(optimizer, b.devices);
        checkpoints = new TrainingCheckpoints(b.outputDir.resolve("checkpoints"));
    }

    /**
     * The optimiser updates the first device's copy of every parameter, and checkpoints, precise
     * BN and evaluation (compiled from the parameters) read the parameters' own arrays: the two
     * are the same only when the network lives on that device.
     */
    private static void requireOnDevice(Map<String, Parameter> named, Device device) {
        named.forEach((name, p) -> {
            Device on = p.getArray().getDevice();
            if (!on.equals(device)) {
                throw new IllegalArgumentException("the network's parameter " + name + " is on "
                        + on + " but the trainer's first device is " + device + "; load the "
                        + "network on " + device + " (e.g. LoadOptions.withDevice) or pass "
                        + "devices(" + on + ", ...) to the trainer");
            }
        });
    }

    /** @return a builder; model, training data, recipe and output directory are required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the learning-rate schedule of this run */
    public LearningRateSchedule schedule() {
        return new LearningRateSchedule(options.recipe, options.batchSize * options.accumulationSteps);
    }

    /** @return ids of parameters without weight decay (for inspection and tests) */
    public Set<String> parametersWithoutDecay() {
        return noDecayIds;
    }

    /**
     * Trains from the newest checkpoint in the output directory (or from the start) to the
     * recipe's last epoch.
     *
     * @return what was done
     * @throws IOException if checkpoints or logs cannot be written
     * @throws TrainingDivergedException if the loss becomes NaN or infinite
     */
    public TrainingSummary fit() throws IOException {
        Recipe r = options.recipe;
        LearningRateSchedule schedule = schedule();
        int firstEpoch = 0;
        long iteration = 0;
        Optional<Path> resumedFrom = Optional.empty();
        var resumed = checkpoints.resume(options.model, named, noDecayIds);
        if (resumed.isPresent()) {
            firstEpoch = resumed.get().epoch() + 1;
            iteration = resumed.get().iteration();
            optimizer.restoreMomentum(resumed.get().momentum());
            resumedFrom = Optional.of(resumed.get().file());
            options.progress.printf(Locale.ROOT, "resuming from %s (epoch %d done, iteration %d)%n",
                    resumed.get().file(), resumed.get().epoch() + 1, iteration);
        }
        long perEpoch = iterationsPerEpoch();
        Optional<Accuracy> lastValidation = Optional.empty();
        Optional<Path> lastCheckpoint = Optional.empty();
        double lastLoss = Double.NaN;
        Path logFile = options.outputDir.resolve("metrics.jsonl");
        try (MetricsLog log = MetricsLog.open(logFile)) {
            for (int epoch = firstEpoch; epoch < r.epochs(); epoch++) {
                Engine.getInstance().setRandomSeed((int) (options.seed * 31 + epoch));
                ProgressBar bar = new ProgressBar(options.progress, System.console() != null,
                        Duration.ofSeconds(10), Clock.systemUTC());
                bar.start(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, r.epochs()), perEpoch, "steps");
                double lossSum = 0;
                long steps = 0;
                long clips = 0;
                long started = System.nanoTime();
                int micro = 0;
                for (Batch batch : batches(options.trainData, epoch)) {
                    try (batch) {
                        currentLr = schedule.at(epoch + (double) steps / perEpoch);
                        double value = trainMicroBatch(batch);
                        if (!Double.isFinite(value)) {
                            throw diverged(epoch, iteration, value);
                        }
                        lossSum += value;
                        clips += batch.getSize();
                        if (++micro % options.accumulationSteps == 0) {
                            store.updateAllParameters();
                            steps++;
                            iteration++;
                            double rate = clips / ((System.nanoTime() - started) / 1e9);
                            bar.update(steps, fields(lossSum / micro, currentLr, rate));
                            if (iteration % options.logEvery == 0) {
                                log.append(record("train", epoch, iteration, Map.of(
                                        "loss", value, "lr", currentLr, "clips_per_s", rate,
                                        "epoch_float", epoch + (double) steps / perEpoch)));
                            }
                        }
                    }
                }
                lastLoss = micro == 0 ? Double.NaN : lossSum / micro;
                bar.finish(fields(lastLoss, currentLr, clips / ((System.nanoTime() - started) / 1e9)));
                log.append(record("train", epoch, iteration, Map.of("epoch_loss", lastLoss,
                        "epoch_float", epoch + 1.0)));
                boolean last = epoch == r.epochs() - 1;
                if (options.validationData != null && ((epoch + 1) % r.evalPeriod() == 0 || last)) {
                    Accuracy a = validate(epoch);
                    lastValidation = Optional.of(a);
                    log.append(record("val", epoch, iteration, Map.of("top1", a.top1Rate(),
                            "top5", a.top5Rate(), "epoch_float", epoch + 1.0)));
                    options.progress.printf(Locale.ROOT, "epoch %d validation: top-1 %.2f%%, top-5 %.2f%% (%d clips)%n",
                            epoch + 1, 100 * a.top1Rate(), 100 * a.top5Rate(), a.samples());
                }
                if ((epoch + 1) % r.checkpointPeriod() == 0 || last) {
                    lastCheckpoint = Optional.of(checkpoints.save(epoch, iteration, options.seed,
                            options.model, named, noDecayIds, optimizer, r, currentLr));
                    TrainingPlots.write(MetricsLog.read(logFile), checkpoints.directory(), perEpoch);
                }
            }
        }
        return new TrainingSummary(firstEpoch, r.epochs() - 1, iteration, lastLoss, lastValidation,
                lastCheckpoint, resumedFrom);
    }

    private double trainMicroBatch(Batch batch) {
        Device[] devices = options.devices;
        Batch[] parts = devices.length == 1 ? new Batch[] {batch} : batch.split(devices, false);
        double total = 0;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            for (Batch part : parts) {
                // block-scoped: intermediates autograd does not need are freed as the pass goes
                NDArray logits = ScopedForward.run(options.model, store, part.getData().singletonOrThrow(), true);
                NDArray value = loss.evaluate(part.getLabels(), new NDList(logits));
                collector.backward(value.mul((double) part.getSize() / batch.getSize() / options.accumulationSteps));
                total += value.getFloat() * part.getSize() / batch.getSize();
            }
        }
        return total;
    }

    /**
     * Single-view accuracy (eval mode), after precise BN if the recipe asks for it.
     *
     * @param epoch the epoch just trained (for the precise-BN sample order)
     * @return accuracy over the validation clips
     * @throws IOException if the data cannot be read
     */
    public Accuracy validate(int epoch) throws IOException {
        if (options.recipe.preciseBnBatches() > 0) {
            PreciseBatchNorm.recompute(options.model, store, batches(options.trainData, epoch + 1_000_000),
                    options.recipe.preciseBnBatches());
        }
        return evaluate(options.validationData, epoch);
    }

    /**
     * The multi-view test: every batch holds views (clips × crops) whose labels NDList is
     * [class index, video index]; softmax outputs are summed per video, videos are scored on the
     * sum, and one line per video is written to {@code predictions} (CSV). Like validation, it
     * runs the network compiled for inference from the current weights ({@link ClipScoring}).
     *
     * @param testData the views
     * @param classNames class names for the predictions file (may be empty)
     * @param predictions where to write per-video predictions
     * @return accuracy over videos
     * @throws IOException if the data cannot be read or the file written
     */
    public Accuracy testMultiView(RandomAccessDataset testData, java.util.List<String> classNames,
            Path predictions) throws IOException {
        MultiViewAccumulator views = new MultiViewAccumulator(options.model.head().numClasses());
        Iterable<Batch> batches;
        try {
            batches = testData.getData(manager);
        } catch (TranslateException e) {
            throw new IOException("cannot read the test set: " + e.getMessage(), e);
        }
        ClipScoring.score(options.model, batches,
                (scores, labels, i) -> views.add(scores, labels[1][i], (int) labels[0][i]));
        views.writePredictions(predictions, classNames);
        return views.accuracy();
    }

    private Accuracy evaluate(RandomAccessDataset data, int epoch) throws IOException {
        Accuracy[] total = {Accuracy.NONE};
        ClipScoring.score(options.model, batches(data, epoch, false),
                (scores, labels, i) -> total[0] = total[0].plus(Accuracy.of(scores, (int) labels[0][i])));
        return total[0];
    }

    /** Training batches: shuffled per epoch, the last incomplete batch dropped (as PySlowFast). */
    private Iterable<Batch> batches(RandomAccessDataset data, int epoch) throws IOException {
        return batches(data, epoch, true);
    }

    /**
     * @param dropLast whether an incomplete last batch is left out: yes for training (every step
     *     sees a full batch, split evenly over the devices), no for validation (every clip counts)
     */
    private Iterable<Batch> batches(RandomAccessDataset data, int epoch, boolean dropLast)
            throws IOException {
        try {
            return data.getData(manager, new BatchSampler(new EpochShuffleSampler(options.seed, epoch),
                    options.batchSize, dropLast));
        } catch (TranslateException e) {
            throw new IOException("cannot read the dataset: " + e.getMessage(), e);
        }
    }

    private long iterationsPerEpoch() {
        long micro = options.trainData.size() / options.batchSize;
        long steps = micro / options.accumulationSteps;
        if (steps == 0) {
            throw new IllegalArgumentException("the training set (" + options.trainData.size()
                    + " clips) is smaller than one optimiser step (" + options.batchSize + " × "
                    + options.accumulationSteps + " clips); lower batchSize or accumulationSteps");
        }
        return steps;
    }

    private TrainingDivergedException diverged(int epoch, long iteration, double value) {
        return new TrainingDivergedException(String.format(Locale.ROOT,
                "training diverged: loss %s at epoch %d, iteration %d (learning rate %.3g). Nothing "
                        + "was written after the last good checkpoint in %s; restart from it with a "
                        + "lower base learning rate or a longer warm-up.",
                value, epoch + 1, iteration, currentLr, checkpoints.directory()));
    }

    private static Map<String, String> fields(double loss, double lr, double rate) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("loss", String.format(Locale.ROOT, "%.4f", loss));
        f.put("lr", String.format(Locale.ROOT, "%.4g", lr));
        f.put("clips/s", String.format(Locale.ROOT, "%.1f", rate));
        return f;
    }

    private static MetricRecord record(String phase, int epoch, long iteration, Map<String, Double> values) {
        return new MetricRecord(phase, epoch, iteration, new LinkedHashMap<>(values), Instant.now());
    }

    /** Frees the optimiser state and any parameters this trainer allocated. */
    @Override
    public void close() {
        optimizer.close();
        manager.close();
    }

    /** Fluent, validated options of {@link VideoTrainer}. */
    public static final class Builder {
        private VideoNetwork model;
        private RandomAccessDataset trainData;
        private RandomAccessDataset validationData;
        private Recipe recipe;
        private int batchSize = 8;
        private int accumulationSteps = 1;
        private Device[] devices = {Device.cpu()};
        private Path outputDir;
        private long seed;
        private int logEvery = 10;
        private PrintStream progress = System.out;

        private Builder() {}

        /** @param m the network (initialised or not; a loaded checkpoint for fine-tuning) @return this */
        public Builder model(VideoNetwork m) { model = m; return this; }
        /** @param d training clips @return this */
        public Builder trainData(RandomAccessDataset d) { trainData = d; return this; }
        /** @param d validation clips (optional) @return this */
        public Builder validationData(RandomAccessDataset d) { validationData = d; return this; }
        /** @param r the recipe @return this */
        public Builder recipe(Recipe r) { recipe = r; return this; }
        /** @param n clips per micro-batch, all devices together (default 8) @return this */
        public Builder batchSize(int n) { batchSize = n; return this; }
        /** @param n micro-batches per optimiser step (default 1) @return this */
        public Builder accumulationSteps(int n) { accumulationSteps = n; return this; }
        /** @param d devices; several split each batch (default CPU) @return this */
        public Builder devices(Device... d) { devices = d.clone(); return this; }
        /** @param dir where checkpoints, metrics and plots go @return this */
        public Builder outputDir(Path dir) { outputDir = dir; return this; }
        /** @param s the run's seed (shuffling, dropout) @return this */
        public Builder seed(long s) { seed = s; return this; }
        /** @param n write a metrics line every n steps (default 10) @return this */
        public Builder logEvery(int n) { logEvery = n; return this; }
        /** @param out where progress goes (default standard output) @return this */
        public Builder progress(PrintStream out) { progress = out; return this; }

        /** @return the trainer */
        public VideoTrainer build() {
            Function<String, IllegalArgumentException> missing =
                    what -> new IllegalArgumentException("VideoTrainer needs " + what);
            if (model == null) {
                throw missing.apply("a model");
            }
            if (trainData == null) {
                throw missing.apply("training data");
            }
            if (recipe == null) {
                throw missing.apply("a recipe (e.g. Recipe.somethingSomethingScratch())");
            }
            if (outputDir == null) {
                throw missing.apply("an output directory for checkpoints and logs");
            }
            if (batchSize <= 0 || accumulationSteps <= 0 || logEvery <= 0 || devices.length == 0) {
                throw new IllegalArgumentException("batch size, accumulation steps and log period must be "
                        + "positive and at least one device given");
            }
            if (batchSize % devices.length != 0) {
                throw new IllegalArgumentException("batch size " + batchSize + " must divide evenly over "
                        + devices.length + " devices");
            }
            return new VideoTrainer(this);
        }
    }
}
