package io.github.vov3d.examples.cli;

import io.github.vov3d.data.check.CheckReport;
import io.github.vov3d.data.check.DatasetChecker;
import io.github.vov3d.data.dataset.DatasetLayout;
import io.github.vov3d.data.dataset.Split;
import io.github.vov3d.data.dataset.VideoIndex;
import io.github.vov3d.data.media.BadInputException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code vov3d data check}: the pre-flight check users run before a long training job. It reads
 * the dataset's lists the way training will, decodes a few frames of every video (every JPEG of
 * frame folders), prints each bad file with its reason and a summary, and exits 1 if anything
 * is wrong.
 */
final class DataCommand implements Command {

    @Override
    public String name() {
        return "data";
    }

    @Override
    public String usage() {
        return """
                data check --dataset kinetics|ssv1|ssv2|folder --root DIR [--split train]   pre-flight check of a dataset
                  --dataset  the layout (see docs/data.md)
                  --root     the data directory (relative list paths are resolved against it)
                  --split    train, val or test (default train)
                  --threads  videos checked at once (default: the number of cores)
                  --timeout  seconds allowed per video (default 60)
                  Prints every bad file with the reason; exits 1 if any is found.""";
    }

    @Override
    public void run(List<String> args, PrintStream out) throws Exception {
        Arguments a = Arguments.parse(args, Set.of("dataset", "root", "split", "threads", "timeout"), Set.of());
        if (a.positional().size() != 1 || !a.positional().get(0).equals("check")) {
            throw new UsageException("expected 'data check', got 'data " + String.join(" ", a.positional()) + "'");
        }
        DatasetLayout layout;
        Split split;
        try {
            layout = DatasetLayout.parse(a.require("dataset"));
            split = Split.parse(a.get("split").orElse("train"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Path root = a.requirePath("root");
        int threads = a.positiveInt("threads").orElse(Runtime.getRuntime().availableProcessors());
        int timeout = a.positiveInt("timeout").orElse(60);
        VideoIndex index;
        try {
            index = layout.read(root, split);
        } catch (BadInputException e) {
            throw new IllegalStateException("cannot read the " + layout.name().toLowerCase(Locale.ROOT)
                    + " lists: " + e.getMessage(), e);
        }
        CheckReport report = new DatasetChecker(threads, Duration.ofSeconds(timeout)).check(index);
        for (BadInputException p : report.problems()) {
            out.println("BAD " + p.reason() + " " + p.getMessage());
        }
        out.printf(Locale.ROOT, "checked %d videos of %s %s: %d problems%s%n", report.videos(),
                layout.name().toLowerCase(Locale.ROOT), split.fileStem(), report.problems().size(),
                report.clean() ? "" : " " + report.byReason());
        if (!report.clean()) {
            throw new IllegalStateException(report.problems().size() + " bad inputs in " + root
                    + " (listed above); fix or remove them, or train with the default skip policy");
        }
    }
}
