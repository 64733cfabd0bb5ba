package io.github.vov3d.examples.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.vov3d.api.MemoryTraffic;
import io.github.vov3d.api.ModelArchitecture;
import io.github.vov3d.api.ModelStatistics;
import io.github.vov3d.blocks.DepthwiseAlgorithm;
import io.github.vov3d.blocks.inference.CompiledNetwork;
import io.github.vov3d.blocks.inference.FastInference;
import io.github.vov3d.blocks.inference.InferenceKernels;
import io.github.vov3d.blocks.network.VideoModels;
import io.github.vov3d.blocks.network.VideoNetwork;
import io.github.vov3d.blocks.stats.ComplexityCounter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Measures CPU speed of the straightforward network and of its compiled fast path in the same
 * process, so every speed-up is a ratio of two numbers taken under the same load. Random
 * weights (speed does not depend on their values); Kinetics-400 classes. Given a
 * {@link PyTorchReference}, every eval measurement also times the upstream model code in PyTorch
 * eager mode, interleaved with the two modes (straightforward, fast, PyTorch, straightforward, …).
 * The first eval batch is also broken down by part (stem, every residual block, head). A batch
 * larger than one whose straightforward pass would not fit in memory is skipped with its reason
 * ({@link #skipped()}, {@link MemoryGuard}) rather than left to the out-of-memory killer.
 */
public final class ModelSpeedBenchmark {
    private static final Map<String, Double> NO_PARTS = Map.of();

    private final SpeedOptions options;
    private final PyTorchReference reference;
    private final Consumer<String> progress;
    private final Set<InferenceKernels> fastKernels = EnumSet.noneOf(InferenceKernels.class);
    private final List<String> skipped = new ArrayList<>();
    private final List<String> memoryChecks = new ArrayList<>();
    private MemoryGuard guard;
    private MemoryBandwidth bandwidth;

    /**
     * @param options what to measure
     * @param progress told what is being measured (a line at a time)
     */
    public ModelSpeedBenchmark(SpeedOptions options, Consumer<String> progress) {
        this(options, null, progress);
    }

    /**
     * @param options what to measure
     * @param reference the upstream code in PyTorch, timed beside every eval measurement; null
     *     for none
     * @param progress told what is being measured (a line at a time)
     */
    public ModelSpeedBenchmark(SpeedOptions options, PyTorchReference reference, Consumer<String> progress) {
        this.options = options;
        this.reference = reference;
        this.progress = progress;
    }

    /** @return the kernels the fast path ran on in {@link #run()} (one per compile, usually one) */
    public Set<InferenceKernels> fastKernels() {
        return Collections.unmodifiableSet(EnumSet.copyOf(fastKernels));
    }

    /**
     * @return the measurements the last {@link #run()} left out because their straightforward
     *     pass would not fit in memory ({@link MemoryGuard}), each with the reason and what to do
     */
    public List<String> skipped() {
        return List.copyOf(skipped);
    }

    /**
     * @return for every measurement of the last {@link #run()} the guard let through at a batch
     *     larger than one, the need it predicted for the straightforward pass beside the peak
     *     resident memory measured during that pass, so its margin can be judged
     */
    public List<String> memoryChecks() {
        return List.copyOf(memoryChecks);
    }

    /**
     * @return the memory bandwidth measured at the start of the last {@link #run()}, for the
     *     memory-traffic floors ({@link SpeedTable#floors})
     * @throws IllegalStateException before the first run
     */
    public MemoryBandwidth memoryBandwidth() {
        if (bandwidth == null) {
            throw new IllegalStateException("the bandwidth is measured by run(); call it first");
        }
        return bandwidth;
    }

    /** @return every measurement, model by model */
    public List<SpeedResult> run() {
        List<SpeedResult> results = new ArrayList<>();
        skipped.clear();
        memoryChecks.clear();
        guard = null;
        // first, while memory is plentiful: at the end of a run the passes may have left the
        // machine nearly full. glibc may keep the array, which the memory guard then counts as
        // used: it errs on the cautious side by at most that much.
        try (NDManager manager = NDManager.newBaseManager()) {
            bandwidth = MemoryBandwidth.measure(manager, MemoryBandwidth.DEFAULT_ARRAY_BYTES,
                    MemoryBandwidth.DEFAULT_PASSES);
        }
        for (ModelArchitecture model : options.models()) {
            results.addAll(measure(model));
        }
        return List.copyOf(results);
    }

    private List<SpeedResult> measure(ModelArchitecture model) {
        List<SpeedResult> out = new ArrayList<>();
        int t = options.frames();
        int crop = options.crop();
        try (NDManager manager = NDManager.newBaseManager()) {
            // the reference computes every depthwise convolution with conv3d, as PySlowFast does;
            // the fast training step uses the same weights in the fastest exact forms
            VideoNetwork network = network(manager, model, DepthwiseAlgorithm.CONV3D);
            VideoNetwork trainingNetwork = null;
            if (options.trainBatch() > 0) {
                trainingNetwork = network(manager, model, DepthwiseAlgorithm.FASTEST);
                trainingNetwork.copyParametersFrom(network);
            }
            ModelStatistics statistics = ComplexityCounter.count(network, t, crop, crop);
            Cost cost = new Cost(statistics.multiplyAccumulates() / 1e9,
                    ComplexityCounter.traffic(network, t, crop, crop));
            try (CompiledNetwork fast = FastInference.compile(network)) {
                fastKernels.add(fast.kernels());
                progress.accept(model.id() + " fast path: " + fast.kernels().description());
                ModelPasses passes = new ModelPasses(manager, network, trainingNetwork, fast);
                if (guard == null) {
                    // made once the first model's networks are built and libtorch is loaded:
                    // what the process grows by from here on is what passes freed and glibc
                    // kept for reuse (later models' networks are a few MiB more at most)
                    guard = new MemoryGuard(options.maxMemoryMiB());
                }
                Map<String, Long> bytesAtOne = new HashMap<>();
                for (int batch : options.evalBatches()) {
                    if (!fits(manager, model, false, batch, bytesAtOne,
                            data -> passes.straightforwardEvalBytes(clip(data, 1)))) {
                        continue;
                    }
                    try (NDManager data = manager.newSubManager()) {
                        NDArray clip = clip(data, batch);
                        boolean breakdown = options.breakdown()
                                && batch == options.evalBatches().get(0);
                        if (reference != null) {
                            reference.load(model, batch, t, crop, statistics.parameters());
                        }
                        // compiled for the breakdown only, and freed after it
                        try (CompiledNetwork blockwise = breakdown
                                ? FastInference.compileBlockwise(network) : null) {
                            List<SpeedResult> measured = compare(model, cost, "eval", batch,
                                    () -> passes.straightforwardEval(clip),
                                    () -> passes.fastEval(clip),
                                    reference == null ? null : reference::pass,
                                    breakdown ? () -> passes.straightforwardBlocks(
                                            blockwise.stageNames(), clip) : null,
                                    breakdown ? () -> ModelPasses.fastBlocks(blockwise, clip)
                                            : null);
                            noteMemory(measured, bytesAtOne.get("eval"));
                            out.addAll(measured);
                        }
                    }
                }
                int batch = options.trainBatch();
                if (batch > 0 && fits(manager, model, true, batch, bytesAtOne,
                        data -> passes.straightforwardTrainBytes(clip(data, 1),
                                data.create(new float[1])))) {
                    try (NDManager data = manager.newSubManager()) {
                        NDArray clip = clip(data, batch);
                        NDArray labels = data.create(new float[batch]);
                        List<SpeedResult> measured = compare(model, cost, "train", batch,
                                () -> passes.straightforwardTrainStep(clip, labels),
                                () -> passes.fastTrainStep(clip, labels), null, null, null);
                        noteMemory(measured, bytesAtOne.get("train"));
                        out.addAll(measured);
                    }
                }
            }
        }
        return out;
    }

    /** Records the guard's prediction beside the straightforward pass's measured peak. */
    private void noteMemory(List<SpeedResult> measured, Long bytesAtOne) {
        SpeedResult slow = measured.get(0); // compare() lists the straightforward mode first
        if (slow.batch() == 1 || bytesAtOne == null || slow.peakMiB().isEmpty()) {
            return; // not guarded, or nothing known
        }
        memoryChecks.add(String.format(Locale.ROOT, "%s %s batch %d: predicted about %,.0f MiB,"
                + " peak %,d MiB resident (whole process)", slow.model().id(), slow.task(),
                slow.batch(), MemoryGuard.needMiB(bytesAtOne, slow.batch()),
                slow.peakMiB().getAsLong()));
    }

    private NDArray clip(NDManager data, int batch) {
        return data.randomNormal(new Shape(batch, 3, options.frames(), options.crop(),
                options.crop()));
    }

    /**
     * Whether the straightforward pass (or training step) fits in memory at a batch, judged from
     * the same pass at batch 1 (run here once per model and task, in a scope of its own); a batch
     * of 1 is always measured. A measurement that does not fit is reported and recorded in {@link
     * #skipped()}.
     */
    private boolean fits(NDManager manager, ModelArchitecture model, boolean training, int batch,
            Map<String, Long> bytesAtOne, ToLongFunction<NDManager> probe) {
        if (batch == 1) {
            return true;
        }
        String task = training ? "train" : "eval";
        long bytes = bytesAtOne.computeIfAbsent(task, k -> {
            try (NDManager data = manager.newSubManager()) {
                return probe.applyAsLong(data);
            }
        });
        Optional<String> refusal = guard.refusal(model.id() + " " + task + " batch " + batch,
                training, batch, bytes);
        refusal.ifPresent(reason -> {
            skipped.add(reason);
            progress.accept(reason);
        });
        return refusal.isEmpty();
    }

    /** @return the model with 400 classes for the measured clip size, initialised */
    private VideoNetwork network(NDManager manager, ModelArchitecture model, DepthwiseAlgorithm algorithm) {
        int t = options.frames();
        int crop = options.crop();
        VideoNetwork network = VideoModels.builder(model).numClasses(400).frames(t).trainCrop(crop)
                .depthwiseAlgorithm(algorithm).build();
        network.initialize(manager, DataType.FLOAT32, new Shape(1, 3, t, crop, crop));
        return network;
    }

    /**
     * Peak memory of each mode alone (fast first), then interleaved timing of both (and of the
     * PyTorch reference when there is one; its memory is another process's), then the time of
     * every part (stem, residual block, head).
     * A null fast pass measures the straightforward mode alone.
     */
    private List<SpeedResult> compare(ModelArchitecture model, Cost cost, String task,
            int batch, Runnable straightforward, Runnable fast, Runnable pytorch,
            Supplier<Map<String, Double>> slowParts, Supplier<Map<String, Double>> fastParts) {
        progress.accept(String.format(Locale.ROOT, "%s %s batch %d: %s ...", model.id(), task,
                batch, fast == null ? "straightforward"
                        : pytorch == null ? "straightforward vs fast" : "straightforward vs fast vs PyTorch"));
        // the fast pass first: the allocator keeps what a pass freed, so the second peak also
        // contains the first pass's retained memory
        OptionalLong fastPeak = fast == null ? OptionalLong.empty() : peak(fast);
        OptionalLong slowPeak = peak(straightforward);
        int warmup = Math.max(0, options.warmup() - 1);
        if (fast == null) {
            double ms = Stopwatch.interleavedMedians(warmup, options.settle(), options.repeats(),
                    List.of(straightforward))[0];
            return List.of(cost.result(model, task, batch, "straightforward", ms, slowPeak,
                    NO_PARTS));
        }
        List<Runnable> modes = new ArrayList<>(List.of(straightforward, fast));
        if (pytorch != null) {
            pytorch.run(); // its warm-up pass, as the peak-memory passes are the others'
            modes.add(pytorch);
        }
        double[] ms = Stopwatch.interleavedMedians(warmup, options.settle(), options.repeats(), modes);
        List<Map<String, Double>> parts = slowParts == null
                ? List.of(NO_PARTS, NO_PARTS) : medianParts(List.of(slowParts, fastParts));
        List<SpeedResult> results = new ArrayList<>(List.of(
                cost.result(model, task, batch, "straightforward", ms[0], slowPeak, parts.get(0)),
                cost.result(model, task, batch, "fast", ms[1], fastPeak, parts.get(1))));
        if (pytorch != null) {
            results.add(cost.result(model, task, batch, "pytorch", ms[2], OptionalLong.empty(),
                    NO_PARTS));
        }
        return results;
    }

    /** Runs a pass once (it also serves as warm-up) and returns the peak memory it reached. */
    private static OptionalLong peak(Runnable pass) {
        PeakMemory.reset();
        pass.run();
        return PeakMemory.peakMiB();
    }

    /** Part times of several modes, interleaved and settled like the totals, median per part. */
    private List<Map<String, Double>> medianParts(List<Supplier<Map<String, Double>>> runs) {
        List<Map<String, double[]>> samples = new ArrayList<>();
        for (int r = 0; r < options.repeats(); r++) {
            for (int m = 0; m < runs.size(); m++) {
                if (samples.size() <= m) {
                    samples.add(new LinkedHashMap<>());
                }
                Map<String, double[]> mode = samples.get(m);
                for (int i = 0; i < options.settle(); i++) {
                    runs.get(m).get();
                }
                int index = r;
                runs.get(m).get().forEach((part, ms) -> mode.computeIfAbsent(part,
                        k -> new double[options.repeats()])[index] = ms);
            }
        }
        List<Map<String, Double>> medians = new ArrayList<>();
        for (Map<String, double[]> mode : samples) {
            Map<String, Double> m = new LinkedHashMap<>();
            mode.forEach((part, values) -> m.put(part, Stopwatch.median(values)));
            medians.add(m);
        }
        return medians;
    }

    /** What one clip's forward pass costs, whatever the mode: arithmetic and memory traffic. */
    private record Cost(double gmacsPerClip, MemoryTraffic traffic) {
        SpeedResult result(ModelArchitecture model, String task, int batch, String mode,
                double millis, OptionalLong peakMiB, Map<String, Double> partMillis) {
            return new SpeedResult(model, task, batch, mode, millis, peakMiB, partMillis,
                    gmacsPerClip, traffic);
        }
    }
}
