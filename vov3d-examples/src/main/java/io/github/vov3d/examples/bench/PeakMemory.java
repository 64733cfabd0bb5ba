package io.github.vov3d.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The process's peak and current resident memory (Linux {@code VmHWM}, {@code VmRSS}), which
 * count libtorch's native buffers that the Java heap statistics miss. {@link #reset} lowers the
 * mark to the current resident size (writing {@code 5} to {@code /proc/self/clear_refs}), so each
 * measurement gets its own peak; where that is not possible the peak is cumulative and {@link
 * #resettable} says so.
 */
public final class PeakMemory {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private PeakMemory() {}

    /** @return whether peaks can be measured per phase */
    public static boolean resettable() {
        return Files.isWritable(CLEAR_REFS);
    }

    /** Starts a new peak at the current resident size, where the kernel allows it. */
    public static void reset() {
        try {
            Files.writeString(CLEAR_REFS, "5");
        } catch (IOException | SecurityException e) {
            // not Linux or not allowed: the peak stays cumulative (see resettable())
        }
    }

    /** @return the peak resident size in MiB since the last reset, if known */
    public static OptionalLong peakMiB() {
        return status("VmHWM:");
    }

    /** @return the current resident size in MiB, if known */
    public static OptionalLong residentMiB() {
        return status("VmRSS:");
    }

    private static OptionalLong status(String field) {
        return kibFieldInMiB(STATUS, field);
    }

    /**
     * Reads a {@code Name:   1234 kB} line of a Linux {@code /proc} file.
     *
     * @param file the file, e.g. {@code /proc/meminfo}
     * @param field the name with its colon, e.g. {@code MemAvailable:}
     * @return the value in MiB, or empty where the file or field is missing (not Linux)
     */
    static OptionalLong kibFieldInMiB(Path file, String field) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(field)) {
                    String kb = line.substring(field.length()).trim().split("\\s+")[0];
                    return OptionalLong.of(Long.parseLong(kb) / 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return OptionalLong.empty();
    }
}
