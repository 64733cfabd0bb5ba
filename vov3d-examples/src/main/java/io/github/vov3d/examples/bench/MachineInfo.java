package io.github.vov3d.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One line describing where a benchmark ran (CPU model, cores, libtorch threads, load average
 * at the start), printed with every table so numbers are never separated from their machine.
 */
public final class MachineInfo {
    private MachineInfo() {}

    /** @return e.g. {@code Intel(R) Xeon(R) …, 2 cores, libtorch threads 2/1, load 0.85} */
    public static String describe() {
        return String.format(Locale.ROOT, "%s, %d cores visible to the JVM, libtorch threads %s "
                        + "(intra-op) / %s (inter-op), load average %s, Java %s",
                cpuModel(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("ai.djl.pytorch.num_threads", "default"),
                System.getProperty("ai.djl.pytorch.num_interop_threads", "default"),
                firstWord(Path.of("/proc/loadavg")), System.getProperty("java.version"));
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
    }

    private static String firstWord(Path file) {
        try {
            return Files.readString(file).trim().split("\\s+")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
