package io.github.vov3d.examples.cli;

import io.github.vov3d.examples.paper.ExperimentRunner;
import io.github.vov3d.examples.paper.PaperExperiments;
import io.github.vov3d.examples.paper.RunArguments;
import io.github.vov3d.examples.paper.RunOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * {@code vov3d test}: the multi-view test of a paper row (its views, crops and sampling) on a
 * trained checkpoint, printed beside the paper's number, with per-video predictions written to
 * {@code <out>/predictions.csv}.
 */
final class TestCommand implements Command {

    @Override
    public String name() {
        return "test";
    }

    @Override
    public String usage() {
        return "test --preset NAME --data DIR [--weights FILE | --out RUN_DIR] [options]   multi-view test of a paper row\n"
                + "  --preset NAME     the row, a zoo entry name such as x3d_m_k400\n"
                + RunArguments.HELP;
    }

    @Override
    public void run(List<String> args, PrintStream out) throws UsageException, IOException {
        Arguments a = RunArguments.parse(args, Set.of("preset"));
        String preset = a.require("preset");
        RunOptions options = RunArguments.options(a, preset);
        ExperimentRunner runner = new ExperimentRunner(PaperExperiments.named(preset), options, out);
        if (options.dryRun()) {
            runner.dryRun();
        } else {
            runner.test();
        }
    }
}
