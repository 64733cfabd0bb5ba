package io.github.vov3d.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides, before a batch larger than one is measured, whether the straightforward pass at that
 * batch fits in memory. It exists because a pass the kernel's out-of-memory killer stops takes
 * the whole benchmark with it — every result measured so far, and no message — and on a 24 GB
 * machine VoV3D-L's straightforward pass at batch 8 is such a pass. Only the straightforward mode
 * is checked: the fast modes free intermediates as they go and need a fraction of it.
 *
 * <p>What the pass needs: the arrays alive at the end of the same pass at batch 1 (the
 * straightforward network keeps every intermediate of a pass until the pass's scope closes, so
 * at its end they are all there), times the batch, plus half again for what libtorch allocates
 * outside them (convolution workspaces — the straightforward depthwise {@code conv3d} unfolds its
 * input —, the backward pass's gradients in a training step, the allocator's slack). Calibrated
 * on the 24 GB machine: VoV3D-M's eval pass at batch 8 peaked at 14.0 GB against 1.5 GB of
 * batch-1 arrays (×8: 1.14 times that), VoV3D-L's (2.2 GB at batch 1) was killed for want of
 * memory at about 23.5 GB (over 1.35 times), and of the training steps at batch 8 VoV3D-M's fits
 * and VoV3D-L's does not.
 *
 * <p>What it may take: the user's {@code --max-memory}, else what the system reports available
 * (Linux {@code MemAvailable}) plus what this process has grown by since the guard was made.
 * Every pass frees what it allocated when its scope closes, but glibc (with the launcher's
 * settings, see "Native memory" in docs/performance.md) keeps freed memory for the next pass
 * instead of returning it, so it counts as resident, not as available; without that term a
 * batch-8 training step right after the batch-8 eval pass would be refused the memory the eval
 * pass left ready for it.
 */
final class MemoryGuard {
    /** Headroom over the batch-1 arrays, for what libtorch allocates outside them. */
    static final double HEADROOM = 1.5;

    private static final Path MEMINFO = Path.of("/proc/meminfo");
    private static final double MIB = 1024.0 * 1024.0;

    private final long maxMiB;
    private final OptionalLong residentAtStart;

    /**
     * @param maxMiB the most one pass may take, in MiB; 0 for what the system reports available
     *     at the time of each check (plus what the process has grown by since this call)
     */
    MemoryGuard(long maxMiB) {
        if (maxMiB < 0) {
            throw new IllegalArgumentException("a memory limit cannot be negative: " + maxMiB);
        }
        this.maxMiB = maxMiB;
        residentAtStart = PeakMemory.residentMiB();
    }

    /**
     * @param what the measurement, e.g. {@code vov3d_l eval batch 8}
     * @param pass what its straightforward mode runs, e.g. {@code pass} or {@code training step}
     * @param batch its batch
     * @param bytesAtOne the arrays alive at the end of the same pass at batch 1
     * @return why the measurement is skipped, or empty when it fits (or nothing is known about
     *     the machine's memory)
     */
    Optional<String> refusal(String what, String pass, int batch, long bytesAtOne) {
        return refusal(what, pass, batch, bytesAtOne, limitMiB(), maxMiB > 0);
    }

    /** @return what one pass may take now, in MiB, if known */
    OptionalLong limitMiB() {
        if (maxMiB > 0) {
            return OptionalLong.of(maxMiB);
        }
        OptionalLong available = availableMiB();
        OptionalLong resident = PeakMemory.residentMiB();
        if (available.isEmpty() || resident.isEmpty() || residentAtStart.isEmpty()) {
            return available;
        }
        long kept = Math.max(0, resident.getAsLong() - residentAtStart.getAsLong());
        return OptionalLong.of(available.getAsLong() + kept);
    }

    /**
     * The decision itself, without reading the machine.
     *
     * @param what the measurement
     * @param pass what its straightforward mode runs
     * @param batch its batch
     * @param bytesAtOne the arrays alive at the end of the same pass at batch 1
     * @param limitMiB what one pass may take, if known
     * @param fromOption whether the limit is the user's {@code --max-memory}
     * @return why the measurement is skipped, or empty
     */
    static Optional<String> refusal(String what, String pass, int batch, long bytesAtOne,
            OptionalLong limitMiB, boolean fromOption) {
        if (limitMiB.isEmpty()) {
            return Optional.empty();
        }
        double needMiB = bytesAtOne / MIB * batch * HEADROOM;
        if (needMiB <= limitMiB.getAsLong()) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "%s not measured: its straightforward %s"
                + " would take about %,.0f MiB (%,.0f MiB of arrays at batch 1, ×%d, +%.0f %%) and"
                + " %s; measure it on a machine with more memory or leave that batch out"
                + " (--batches / --train-batch)%s.", what, pass, needMiB, bytesAtOne / MIB, batch,
                (HEADROOM - 1) * 100,
                fromOption ? "--max-memory allows " + String.format(Locale.ROOT, "%,d MiB",
                        limitMiB.getAsLong())
                        : String.format(Locale.ROOT, "about %,d MiB are free for it",
                                limitMiB.getAsLong()),
                fromOption ? "" : "; --max-memory MIB sets the limit instead"));
    }

    /** @return the memory the system reports available to new allocations, in MiB, if known */
    static OptionalLong availableMiB() {
        try {
            for (String line : Files.readAllLines(MEMINFO)) {
                if (line.startsWith("MemAvailable:")) {
                    String kb = line.substring("MemAvailable:".length()).trim().split("\\s+")[0];
                    return OptionalLong.of(Long.parseLong(kb) / 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: nothing is known, nothing is refused
        }
        return OptionalLong.empty();
    }
}
