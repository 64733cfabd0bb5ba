package io.github.vov3d.examples.cli;

import io.github.vov3d.examples.miniature.MiniatureExperiment;
import io.github.vov3d.examples.miniature.MiniatureOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code vov3d miniature}: the default job, the paper's claim at CPU scale. Trains a small X3D
 * and a small VoV3D of about equal cost with one recipe and one seed on generated videos whose
 * class depends on the order of frames, tests them with several views and prints the table.
 */
final class MiniatureCommand implements Command {

    @Override
    public String name() {
        return "miniature";
    }

    @Override
    public String usage() {
        return """
                miniature [--seed N] [--epochs N] [--clips N] [--out DIR] [--quick]   small X3D vs small VoV3D on a temporal task
                  --seed    seed of the data, the initial weights and the shuffling (default 1)
                  --epochs  training epochs (default 6)
                  --clips   training videos, one clip each (default 1536; 256 test videos)
                  --out     output directory; runs go to DIR/seed-N/<model> (default runs/miniature)
                  --quick   a seconds-long smoke run on tiny clips (4×16×16, 32 videos, 1 epoch)
                  About 4–6 minutes on 2 CPU cores. Prints params, GMACs, single- and multi-view top-1 and
                  clips/s; each model's checkpoints, metrics.jsonl, loss/accuracy/lr plots and predictions.csv
                  are written to its directory. A killed run resumes from its last checkpoint.""";
    }

    @Override
    public void run(List<String> args, PrintStream out) throws UsageException, IOException {
        Arguments a = Arguments.parse(args, Set.of("seed", "epochs", "clips", "out"), Set.of("quick"));
        if (!a.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + a.positional().get(0) + "'");
        }
        MiniatureOptions options = a.flag("quick") ? MiniatureOptions.quick() : MiniatureOptions.defaults();
        options = options.withSeed(seed(a, options.seed()));
        options = options.withEpochs(a.positiveInt("epochs").orElse(options.epochs()));
        options = options.withTrainVideos(a.positiveInt("clips").orElse(options.trainVideos()));
        if (a.get("out").isPresent()) {
            options = options.withOutputDir(Path.of(a.get("out").get()));
        }
        new MiniatureExperiment(options, out).run();
    }

    private static long seed(Arguments a, long fallback) throws UsageException {
        String v = a.get("seed").orElse(null);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --seed needs an integer, got '" + v + "'");
        }
    }
}
