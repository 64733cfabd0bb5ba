package io.github.vov3d.examples.cli;

import io.github.vov3d.examples.paper.ExperimentRunner;
import io.github.vov3d.examples.paper.RunArguments;
import java.io.IOException;

/**
 * {@code vov3d train}: trains one of the paper's rows (a zoo entry name as preset) on a dataset
 * with the row's reference recipe, any field overridable; resumes from the newest checkpoint in
 * the output directory. {@code vov3d test} scores the result.
 */
final class TrainCommand extends PresetCommand {

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String usage() {
        return "train --preset NAME --data DIR [options]   train a paper row with its recipe (presets: vov3d zoo list)\n"
                + "  --preset NAME     the row, a zoo entry name such as x3d_m_k400 or vov3d_l_ssv2_f32_k400\n"
                + RunArguments.HELP;
    }

    @Override
    void perform(ExperimentRunner runner) throws IOException {
        runner.train();
    }
}
