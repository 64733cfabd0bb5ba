package io.github.vov3d.examples.cli;

import io.github.vov3d.api.ModelArchitecture;
import io.github.vov3d.blocks.inference.InferenceKernels;
import io.github.vov3d.examples.bench.MachineInfo;
import io.github.vov3d.examples.bench.MemoryBandwidth;
import io.github.vov3d.examples.bench.ModelSpeedBenchmark;
import io.github.vov3d.examples.bench.PyTorchReference;
import io.github.vov3d.examples.bench.SpeedOptions;
import io.github.vov3d.examples.bench.SpeedResult;
import io.github.vov3d.examples.bench.SpeedTable;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code vov3d bench}: model speed on this CPU, the straightforward network against the compiled
 * fast path (and the block-scoped training step) in the same process, so the speed-ups are
 * same-load ratios, with a per-stage and per-block breakdown, peak memory and each eval pass
 * against its memory-traffic floor at the bandwidth measured in the run, skipping (with the
 * reason) a batch whose straightforward pass would not fit in memory; {@code vov3d bench data}
 * runs the data-loading benchmark, so every benchmark is reached from one command. A command of
 * its own because timings do not belong in unit tests.
 */
final class BenchCommand implements Command {

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String usage() {
        return """
                bench [options]   model speed: straightforward network vs compiled fast path, same run
                bench data [options]   data loading: clips/s of Kinetics-style decoding (as bench-data)
                  --models       comma-separated (default vov3d_m,vov3d_l,x3d_m,x3d_l)
                  --batches      eval batch sizes, comma-separated (default 1,8)
                  --train-batch  batch of the training step, 0 to skip (default 8)
                  --frames       clip length (default 16)
                  --crop         clip height and width (default 224)
                  --warmup       untimed passes before each measurement (default 1)
                  --settle       untimed passes of a mode right before each of its timed
                                 passes, so no mode is timed just after another (default 1)
                  --repeats      timed passes, the median is reported (default 5)
                  --threads      libtorch intra-op threads (default: the engine's, one per CPU with
                                 --pytorch; only effective when the engine has not started yet in
                                 this process; the PyTorch reference gets the same count)
                  --output       also write the Markdown report to this file
                  --no-breakdown skip the per-stage and per-block times
                  --max-memory   MiB one straightforward pass may take (default: what the system
                                 reports available); a larger batch predicted to need more is
                                 skipped with a note instead of risking the out-of-memory killer
                  --pytorch      a Python with PyTorch: also time the upstream code in PyTorch eager,
                                 interleaved with both modes (eval; vov3d_m, vov3d_l, x3d_m, x3d_l)
                  --pytorch-repo a checkout of youngwanLEE/VoV3D (needed with --pytorch)""";
    }

    @Override
    public void run(List<String> args, PrintStream out) throws Exception {
        if (!args.isEmpty() && args.get(0).equals("data")) {
            new BenchDataCommand().run(args.subList(1, args.size()), out);
            return;
        }
        Arguments a = Arguments.parse(args, Set.of("models", "batches", "train-batch", "frames",
                "crop", "warmup", "settle", "repeats", "threads", "output", "pytorch", "pytorch-repo",
                "max-memory"),
                Set.of("no-breakdown"));
        if (a.get("pytorch").isPresent() != a.get("pytorch-repo").isPresent()) {
            throw new UsageException("--pytorch (a Python with PyTorch) and --pytorch-repo (a checkout of"
                    + " youngwanLEE/VoV3D) go together");
        }
        SpeedOptions d = SpeedOptions.defaults();
        List<ModelArchitecture> models = d.models();
        if (a.get("models").isPresent()) {
            models = new ArrayList<>();
            for (String id : split(a.get("models").get())) {
                models.add(InfoCommand.parseModel(id));
            }
        }
        List<Integer> batches = a.get("batches").isPresent()
                ? integers("batches", a.get("batches").get()) : d.evalBatches();
        SpeedOptions options;
        try {
            options = new SpeedOptions(models, batches,
                    a.nonNegativeInt("train-batch").orElse(d.trainBatch()),
                    a.positiveInt("frames").orElse(d.frames()), a.positiveInt("crop").orElse(d.crop()),
                    a.nonNegativeInt("warmup").orElse(d.warmup()), a.nonNegativeInt("settle").orElse(d.settle()),
                    a.positiveInt("repeats").orElse(d.repeats()),
                    !a.flag("no-breakdown"), a.positiveInt("max-memory").orElse(0));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        boolean withPyTorch = a.get("pytorch").isPresent();
        // both sides get the same intra-op thread count: the one asked for, else one per CPU
        OptionalInt threads = a.positiveInt("threads");
        if (threads.isEmpty() && withPyTorch) {
            threads = OptionalInt.of(Runtime.getRuntime().availableProcessors());
        }
        if (threads.isPresent()) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads.getAsInt()));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        List<SpeedResult> results;
        List<String> skipped;
        List<String> memoryChecks;
        String kernelsLine;
        MemoryBandwidth bandwidth;
        String referenceLine = "";
        try (PyTorchReference reference = withPyTorch ? PyTorchReference.start(Path.of(a.get("pytorch").get()),
                Path.of(a.get("pytorch-repo").get()), threads.getAsInt()) : null) {
            if (reference != null) {
                for (ModelArchitecture model : options.models()) {
                    if (!reference.supports(model)) {
                        throw new UsageException("--pytorch times " + String.join(", ", reference.models())
                                + " (the upstream checkout's Kinetics configs); leave " + model.id()
                                + " out of --models");
                    }
                }
                referenceLine = "Reference: the upstream code (" + a.get("pytorch-repo").get() + ") in "
                        + reference.describe() + ", same environment.\n";
                out.println("  " + referenceLine.trim());
            }
            ModelSpeedBenchmark benchmark = new ModelSpeedBenchmark(options, reference, line -> out.println("  " + line));
            results = benchmark.run();
            skipped = benchmark.skipped();
            memoryChecks = benchmark.memoryChecks();
            bandwidth = benchmark.memoryBandwidth();
            kernelsLine = "Fast path kernels: " + benchmark.fastKernels().stream()
                    .map(InferenceKernels::description).collect(Collectors.joining("; ")) + ".\n";
        }
        String report = "Machine: " + MachineInfo.describe() + "\nMemory bandwidth: "
                + bandwidth.describe() + ".\n" + referenceLine + kernelsLine + "Clips "
                + options.frames() + "×" + options.crop() + "×" + options.crop() + ", warm-up "
                + options.warmup() + (options.settle() == 0 ? ", modes alternating pass by pass"
                        : ", each timed pass after " + options.settle() + " untimed pass"
                                + (options.settle() == 1 ? "" : "es") + " of the same mode")
                + ", median of " + options.repeats() + ".\n\n"
                + SpeedTable.markdown(results)
                + SpeedTable.floors(results, bandwidth)
                + bullets("Not measured, to stay within memory:", skipped)
                + bullets("Memory guard, the straightforward pass's predicted need beside its"
                        + " measured peak:", memoryChecks);
        out.println();
        out.println(report);
        if (a.get("output").isPresent()) {
            Files.writeString(Path.of(a.get("output").get()), report);
        }
    }

    /** @return a Markdown section: the heading, then one bullet per item; nothing for none */
    private static String bullets(String heading, List<String> items) {
        if (items.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder("\n").append(heading).append("\n\n");
        items.forEach(item -> s.append("- ").append(item).append('\n'));
        return s.toString();
    }

    private static List<String> split(String csv) {
        return List.of(csv.trim().split("\\s*,\\s*"));
    }

    private static List<Integer> integers(String option, String csv) throws UsageException {
        List<Integer> values = new ArrayList<>();
        for (String w : split(csv)) {
            try {
                values.add(Integer.parseInt(w));
            } catch (NumberFormatException e) {
                throw new UsageException("--" + option + " needs comma-separated integers, got '" + csv + "'");
            }
        }
        return values;
    }
}
