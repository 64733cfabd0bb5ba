package io.github.vov3d.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides, before a batch larger than one is measured, whether the straightforward pass (or
 * training step) at that batch fits in memory. It exists because a pass the kernel's
 * out-of-memory killer stops takes the whole benchmark with it — every result measured so far,
 * and no message — and on a 24 GB machine VoV3D-L's straightforward pass at batch 8 is such a
 * pass. Only the straightforward mode is checked: at the same batch the fast eval pass needs a
 * fraction of its memory and the fast training step about three quarters.
 *
 * <p>What the pass needs: the arrays alive at the end of the same pass at batch 1 (the
 * straightforward network keeps every intermediate of a pass until the pass's scope closes, so
 * at its end they are all there; views count in full, the clip too), times the batch, plus a
 * headroom for what libtorch allocates outside them — convolution workspaces (the straightforward
 * depthwise {@code conv3d} unfolds its input), the backward pass's gradients, the allocator's
 * slack. The headrooms are checked against what happened on the 24 GB machine, not derived:
 * VoV3D-M's eval pass at batch 8 peaked at 14,039 MiB of resident memory against 1,544 MiB of
 * batch-1 arrays (×8: 1.14 times that, the process's own footprint included), VoV3D-L's (2,182
 * MiB at batch 1) was killed at about 23,500 MiB (about 1.35 times), VoV3D-M's training step at
 * batch 8 peaked at 19,027 MiB (about 1.46 times its batch-1 arrays, the thinnest margin) and
 * VoV3D-L's did not fit.
 *
 * <p>What it may take: the user's {@code --max-memory}; else what the system reports available
 * (Linux {@code MemAvailable}, or the cgroup's limit less its usage where that is lower) plus
 * what this process has grown by since the guard was made — every pass frees what it allocated
 * when its scope closes, but glibc (with the launcher's settings, see "Native memory" in
 * docs/performance.md) keeps freed memory for the next pass instead of returning it, so it counts
 * as resident, not as available. The benchmark makes its guard once the first model's networks
 * are built and compiled, so what the process grows by after that is what passes freed and kept
 * (and small libtorch caches, and later models' networks: a few MiB), not libtorch itself. A guard
 * made per model instead refused X3D-M's batch-8 pass after VoV3D-M's training step had left
 * 21 GB kept and 1.2 GB available, though the pass fits in what was kept. Memory of other
 * processes started later (the {@code --pytorch} reference's) is not foreseen.
 */
final class MemoryGuard {
    /**
     * Headroom over the batch-1 arrays. Training steps use the same: VoV3D-M's at batch 8 needed
     * about 1.46 times its arrays and fitted on the 24 GB machine, and a larger margin refused it
     * there once the previous model's kept memory was (rightly) not counted.
     */
    static final double HEADROOM = 1.5;

    private static final Path MEMINFO = Path.of("/proc/meminfo");
    private static final Path CGROUP_V2 = Path.of("/sys/fs/cgroup");
    private static final Path CGROUP_V1 = Path.of("/sys/fs/cgroup/memory");
    private static final double MIB = 1024.0 * 1024.0;

    private final long maxMiB;
    private final OptionalLong residentAtStart;

    /**
     * @param maxMiB the most one pass may take, in MiB; 0 for what the system reports available
     *     at the time of each check (see the class comment)
     */
    MemoryGuard(long maxMiB) {
        this.maxMiB = maxMiB;
        residentAtStart = PeakMemory.residentMiB();
    }

    /**
     * @param what the measurement, e.g. {@code vov3d_l eval batch 8}
     * @param training whether its straightforward mode runs a training step (else an eval pass)
     * @param batch its batch
     * @param bytesAtOne the arrays alive at the end of the same pass at batch 1
     * @return why the measurement is skipped, or empty when it fits (or nothing is known about
     *     the machine's memory)
     */
    Optional<String> refusal(String what, boolean training, int batch, long bytesAtOne) {
        return refusal(what, training, batch, bytesAtOne, limitMiB(), maxMiB > 0);
    }

    /** @return what one pass may take now, in MiB, if known */
    OptionalLong limitMiB() {
        if (maxMiB > 0) {
            return OptionalLong.of(maxMiB);
        }
        return limitMiB(availableMiB(), PeakMemory.residentMiB(), residentAtStart);
    }

    /**
     * The limit's arithmetic, without reading the machine: available plus what the process grew
     * by since the guard was made (clamped at zero).
     *
     * @param availableMiB what the system reports available now
     * @param residentMiB the process's resident memory now
     * @param residentAtStartMiB the process's resident memory when the guard was made
     * @return what one pass may take, if known
     */
    static OptionalLong limitMiB(OptionalLong availableMiB, OptionalLong residentMiB,
            OptionalLong residentAtStartMiB) {
        if (availableMiB.isEmpty() || residentMiB.isEmpty() || residentAtStartMiB.isEmpty()) {
            return availableMiB;
        }
        long grown = Math.max(0, residentMiB.getAsLong() - residentAtStartMiB.getAsLong());
        return OptionalLong.of(availableMiB.getAsLong() + grown);
    }

    /**
     * The decision itself, without reading the machine.
     *
     * @param what the measurement
     * @param training whether it is a training step
     * @param batch its batch
     * @param bytesAtOne the arrays alive at the end of the same pass at batch 1
     * @param limitMiB what one pass may take, if known
     * @param fromOption whether the limit is the user's {@code --max-memory}
     * @return why the measurement is skipped, or empty
     */
    static Optional<String> refusal(String what, boolean training, int batch, long bytesAtOne,
            OptionalLong limitMiB, boolean fromOption) {
        if (limitMiB.isEmpty()) {
            return Optional.empty();
        }
        double needMiB = needMiB(bytesAtOne, batch);
        if (needMiB <= limitMiB.getAsLong()) {
            return Optional.empty();
        }
        String limit = fromOption
                ? String.format(Locale.ROOT, "--max-memory allows %,d MiB", limitMiB.getAsLong())
                : String.format(Locale.ROOT, "about %,d MiB are free for it", limitMiB.getAsLong());
        return Optional.of(String.format(Locale.ROOT, "%s not measured: its straightforward %s"
                + " would take about %,.0f MiB (%,.0f MiB of arrays at batch 1, ×%d, +%.0f %%) and"
                + " %s; measure it on a machine with more memory or leave that batch out"
                + " (--batches / --train-batch)%s.", what, training ? "training step" : "pass",
                needMiB, bytesAtOne / MIB, batch, (HEADROOM - 1) * 100, limit,
                fromOption ? "" : "; --max-memory MIB sets the limit instead"));
    }

    /**
     * @param bytesAtOne the arrays alive at the end of a pass at batch 1
     * @param batch the batch to size the pass for
     * @return the memory the guard expects the pass to take at that batch, in MiB
     */
    static double needMiB(long bytesAtOne, int batch) {
        return bytesAtOne / MIB * batch * HEADROOM;
    }

    /** @return what the system (or this process's cgroup, if lower) reports available, in MiB */
    static OptionalLong availableMiB() {
        OptionalLong system = PeakMemory.kibFieldInMiB(MEMINFO, "MemAvailable:");
        OptionalLong cgroup = cgroupFreeMiB();
        if (system.isPresent() && cgroup.isPresent()) {
            return OptionalLong.of(Math.min(system.getAsLong(), cgroup.getAsLong()));
        }
        return system.isPresent() ? system : cgroup;
    }

    /** @return the cgroup's memory limit less its usage (v2, then v1), if it has a limit */
    private static OptionalLong cgroupFreeMiB() {
        OptionalLong free = difference(CGROUP_V2.resolve("memory.max"),
                CGROUP_V2.resolve("memory.current"));
        return free.isPresent() ? free : difference(CGROUP_V1.resolve("memory.limit_in_bytes"),
                CGROUP_V1.resolve("memory.usage_in_bytes"));
    }

    private static OptionalLong difference(Path limitFile, Path usageFile) {
        try {
            String limit = Files.readString(limitFile).trim();
            if (limit.equals("max")) {
                return OptionalLong.empty();
            }
            long bytes = Long.parseLong(limit) - Long.parseLong(Files.readString(usageFile).trim());
            // v1 reports "no limit" as a huge number
            return bytes > (1L << 50) ? OptionalLong.empty()
                    : OptionalLong.of(Math.max(0, bytes) / (1024 * 1024));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
