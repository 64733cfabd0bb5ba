package io.github.vov3d.examples.paper;

import io.github.vov3d.examples.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Set;

/**
 * What every per-row example main does: parse {@code DATASET_ROOT [options]}, then either print
 * the plan ({@code --dry-run}) or train, test and print the result beside the paper's number.
 * The mains are one line each, so the rows cannot diverge.
 */
public final class PaperMain {
    private PaperMain() {}

    /**
     * Runs a row and exits with its status (0 done, 1 failed, 2 wrong command line).
     *
     * @param row the row's name, e.g. {@code x3d_m_k400}
     * @param args the command line
     */
    public static void main(String row, String[] args) {
        System.exit(run(row, args, System.out, System.err));
    }

    /**
     * Runs a row without exiting, for tests.
     *
     * @param row the row's name
     * @param args {@code DATASET_ROOT [options]} ({@link RunArguments#HELP})
     * @param out plan, progress and result
     * @param err errors
     * @return the exit status
     */
    public static int run(String row, String[] args, PrintStream out, PrintStream err) {
        PaperExperiment experiment = PaperExperiments.named(row);
        if (Arrays.asList(args).contains("--help")) {
            out.println(usage(experiment));
            return 0;
        }
        try {
            RunOptions options = RunArguments.options(RunArguments.parse(Arrays.asList(args), Set.of()), row);
            ExperimentRunner runner = new ExperimentRunner(experiment, options, out);
            if (options.dryRun()) {
                runner.dryRun();
            } else {
                runner.trainAndTest();
            }
            return 0;
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(usage(experiment));
            return 2;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static String usage(PaperExperiment row) {
        return "usage: " + row.name() + " DATASET_ROOT [options]   " + row.title() + ": train, test, compare with the paper's "
                + row.entry().paper().top1() + " % top-1\n" + RunArguments.HELP;
    }
}
