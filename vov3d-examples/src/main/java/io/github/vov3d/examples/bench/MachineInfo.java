package io.github.vov3d.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * One line describing where a benchmark ran (CPU model, cores, libtorch threads, load average
 * at the start, allocator settings), printed with every table so numbers are never separated from their machine.
 */
public final class MachineInfo {
    private static final String[] ALLOCATOR_VARIABLES = {"MALLOC_ARENA_MAX", "MALLOC_MMAP_MAX_",
        "MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "GLIBC_TUNABLES",
        "THP_MEM_ALLOC_ENABLE"};

    private MachineInfo() {}

    /** @return e.g. {@code Intel(R) Xeon(R) …, 2 cores, libtorch threads 2/1, load 0.85} */
    public static String describe() {
        return String.format(Locale.ROOT, "%s, %d cores visible to the JVM, libtorch threads %s "
                        + "(intra-op) / %s (inter-op), load average %s, Java %s, allocator: %s",
                cpuModel(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("ai.djl.pytorch.num_threads", "default"),
                System.getProperty("ai.djl.pytorch.num_interop_threads", "default"),
                firstWord(Path.of("/proc/loadavg")), System.getProperty("java.version"),
                allocator());
    }

    /**
     * The environment that decides how native memory is reused (glibc's malloc and libtorch's
     * huge-page switch): on some machines it changes a pass's time several-fold, so a table
     * without it cannot be compared with another.
     */
    static String allocator() {
        return allocator(System.getenv());
    }

    /**
     * @param environment the process environment
     * @return the allocator variables set in it, in a fixed order, or "glibc defaults"
     */
    static String allocator(Map<String, String> environment) {
        StringBuilder settings = new StringBuilder();
        for (String name : ALLOCATOR_VARIABLES) {
            String value = environment.get(name);
            if (value != null) {
                settings.append(settings.length() == 0 ? "" : " ").append(name).append('=')
                        .append(value);
            }
        }
        return settings.length() == 0 ? "glibc defaults" : settings.toString();
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
