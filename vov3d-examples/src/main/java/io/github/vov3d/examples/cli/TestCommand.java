package io.github.vov3d.examples.cli;

import io.github.vov3d.examples.paper.ExperimentRunner;
import io.github.vov3d.examples.paper.RunArguments;
import java.io.IOException;

/**
 * {@code vov3d test}: the multi-view test of a paper row (its views, crops and sampling) on a
 * trained checkpoint, printed beside the paper's number, with per-video predictions written to
 * {@code <out>/predictions.csv}.
 */
final class TestCommand extends PresetCommand {

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
    void perform(ExperimentRunner runner) throws IOException {
        runner.test();
    }
}
