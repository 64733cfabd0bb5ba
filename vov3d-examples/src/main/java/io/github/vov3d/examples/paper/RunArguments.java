package io.github.vov3d.examples.paper;

import io.github.vov3d.examples.cli.Arguments;
import io.github.vov3d.examples.cli.UsageException;
import io.github.vov3d.zoo.fetch.FetchOptions;
import io.github.vov3d.zoo.repository.TestViews;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The command line shared by the paper mains, {@code vov3d train} and {@code vov3d test}: the
 * dataset root, the output directory, the device and the recipe overrides, parsed into
 * {@link RunOptions}. One parser, so every entry point accepts the same options.
 */
public final class RunArguments {
    /** Options with a value. */
    public static final Set<String> VALUED = Set.of("data", "out", "device", "batch", "accumulation", "epochs",
            "frames", "crop", "views", "pretrained", "weights", "cache", "seed");
    /** Options without one. */
    public static final Set<String> FLAGS = Set.of("dry-run", "offline");
    /** The options' help, for usage texts. */
    public static final String HELP = """
              --data DIR        dataset root in the row's layout (kinetics: train/val/test.csv; ssv1/ssv2: the
                                Something-Something label, annotation and frame-list files)
              --out DIR         checkpoints, metrics.jsonl, curves, predictions.csv (default runs/<preset>)
              --device D        cpu, gpu or gpu:N (default: the GPU when the engine sees one)
              --batch N         clips per forward pass (default 8)
              --accumulation K  micro-batches per step (default: enough for the recipe's batch)
              --epochs N        override the recipe's epochs
              --frames T        override the clip length
              --crop S          override the training crop (the test crop keeps its ratio)
              --views CxK       override the test views (clips x crops, crops 1 or 3)
              --pretrained FILE K400 checkpoint to fine-tune from (fine-tuned rows; default: the zoo's)
              --weights FILE    checkpoint to test (test; default: the newest in --out)
              --cache DIR --offline   zoo cache and offline mode for the pre-trained weights
              --seed N          the run's seed (default 0)
              --dry-run         check the dataset and print the plan; train nothing""";

    private RunArguments() {}

    /**
     * @param a parsed arguments (with {@link #VALUED} and {@link #FLAGS} accepted)
     * @param preset the row, for the default output directory
     * @return the options
     * @throws UsageException if a value is malformed or the dataset root is missing
     */
    public static RunOptions options(Arguments a, String preset) throws UsageException {
        Optional<String> data = a.get("data").or(() -> a.positional().stream().findFirst());
        if (data.isEmpty()) {
            throw new UsageException("the dataset root is required (--data DIR)");
        }
        Path out = a.get("out").map(Path::of).orElse(Path.of("runs", preset));
        RunOptions d = RunOptions.defaults(Path.of(data.get()), out);
        FetchOptions.Builder fetch = FetchOptions.defaults().toBuilder();
        a.get("cache").ifPresent(c -> fetch.cacheDir(Path.of(c)));
        if (a.flag("offline")) {
            fetch.offline(true);
        }
        try {
            return new RunOptions(d.data(), out, a.get("device").map(Devices::parse).orElse(d.device()),
                    a.positiveInt("batch").orElse(d.microBatch()), a.positiveInt("accumulation"),
                    a.positiveInt("epochs"), a.positiveInt("frames"), a.positiveInt("crop"),
                    a.get("views").map(RunArguments::parseViews), a.get("pretrained").map(Path::of),
                    a.get("weights").map(Path::of), fetch.build(), seed(a), a.flag("dry-run"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * @param args a command line
     * @param extraValued more valued options the caller accepts
     * @return the parsed arguments
     * @throws UsageException on an unknown option
     */
    public static Arguments parse(List<String> args, Set<String> extraValued) throws UsageException {
        Set<String> valued = new HashSet<>(VALUED);
        valued.addAll(extraValued);
        return Arguments.parse(args, valued, FLAGS);
    }

    private static long seed(Arguments a) throws UsageException {
        try {
            return Long.parseLong(a.get("seed").orElse("0").trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--seed needs an integer, got '" + a.get("seed").orElse("") + "'");
        }
    }

    /**
     * @param text {@code CLIPSxCROPS}, e.g. {@code 10x3}
     * @return the views
     */
    public static TestViews parseViews(String text) {
        String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                return new TestViews(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--views needs CLIPSxCROPS such as 10x3, got '" + text + "'");
    }
}
