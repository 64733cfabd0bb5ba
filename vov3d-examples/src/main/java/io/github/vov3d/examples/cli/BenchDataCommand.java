package io.github.vov3d.examples.cli;

import io.github.vov3d.examples.bench.DataLoadingBenchmark;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** {@code vov3d bench-data}: runs {@link DataLoadingBenchmark} on videos it generates itself. */
final class BenchDataCommand implements Command {

    @Override
    public String name() {
        return "bench-data";
    }

    @Override
    public String usage() {
        return """
                bench-data [--clips N] [--threads N] [--warmup S] [--dir DIR]   clips/s of Kinetics-style loading (16x5, 320p mp4)
                  --clips    clips timed per variant (default 300)
                  --warmup   seconds of untimed loading before each variant, for the JIT (default 3)
                  --threads  decoding threads (default: the number of cores)
                  --dir      where the synthetic videos go (default: a temporary folder, deleted after)""";
    }

    @Override
    public void run(List<String> args, PrintStream out) throws Exception {
        Arguments a = Arguments.parse(args, Set.of("clips", "threads", "warmup", "dir"), Set.of());
        int clips = a.positiveInt("clips").orElse(300);
        int threads = a.positiveInt("threads").orElse(Runtime.getRuntime().availableProcessors());
        Path dir = a.get("dir").map(Path::of).orElse(null);
        int warmUp = a.nonNegativeInt("warmup").orElse(3);
        new DataLoadingBenchmark(clips, threads, Duration.ofSeconds(warmUp), out).run(dir);
    }
}
