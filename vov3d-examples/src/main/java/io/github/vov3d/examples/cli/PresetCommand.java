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
 * What {@code vov3d train} and {@code vov3d test} share: a paper row chosen with
 * {@code --preset}, the run options of {@link RunArguments}, and {@code --dry-run} printing the
 * plan instead of doing the work. Subclasses only say which work that is.
 */
abstract class PresetCommand implements Command {

    /**
     * @param runner the row's runner with the parsed options
     * @throws IOException if data or checkpoints cannot be read or written
     */
    abstract void perform(ExperimentRunner runner) throws IOException;

    @Override
    public final void run(List<String> args, PrintStream out) throws UsageException, IOException {
        Arguments a = RunArguments.parse(args, Set.of("preset"));
        String preset = a.require("preset");
        RunOptions options = RunArguments.options(a, preset);
        ExperimentRunner runner = new ExperimentRunner(PaperExperiments.named(preset), options, out);
        if (options.dryRun()) {
            runner.dryRun();
        } else {
            perform(runner);
        }
    }
}
