package io.github.vov3d.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The memory guard refuses a batch whose scaled batch-1 arrays exceed the limit, and says why. */
class MemoryGuardTest {
    private static final long GIB = 1L << 30;

    @Test
    void refusesWhatWouldNotFitAndSaysWhatToDo() {
        // 1 GiB of arrays at batch 1, ×8, +50 % = 12,288 MiB > 10,000 MiB
        Optional<String> no = MemoryGuard.refusal("vov3d_l eval batch 8", false, 8, GIB,
                OptionalLong.of(10_000), false);
        assertTrue(no.isPresent());
        String why = no.get();
        assertTrue(why.startsWith("vov3d_l eval batch 8 not measured"), why);
        assertTrue(why.contains("about 12,288 MiB (1,024 MiB of arrays at batch 1, ×8, +50 %)"), why);
        assertTrue(why.contains("about 10,000 MiB are free for it"), why);
        assertTrue(why.contains("--max-memory MIB sets the limit instead"), why);
        assertTrue(why.contains("leave that batch out"), why);
    }

    @Test
    void letsThroughWhatFits() {
        assertEquals(Optional.empty(), MemoryGuard.refusal("vov3d_m eval batch 8", false, 8, GIB,
                OptionalLong.of(12_288), false), "exactly the need");
    }

    @Test
    void aTrainingStepIsNamedAsSuchAndALimitFromTheOptionToo() {
        String why = MemoryGuard.refusal("x3d_m train batch 2", true, 2, GIB,
                OptionalLong.of(1), true).orElseThrow();
        assertTrue(why.contains("its straightforward training step would take about 3,072 MiB"
                + " (1,024 MiB of arrays at batch 1, ×2, +50 %)"), why);
        assertTrue(why.contains("--max-memory allows 1 MiB"), why);
    }

    @Test
    void nothingKnownAboutTheMachineRefusesNothing() {
        assertEquals(Optional.empty(), MemoryGuard.refusal("vov3d_l eval batch 64", false, 64,
                100 * GIB, OptionalLong.empty(), false));
    }

    @Test
    void theOptionIsTheLimit() {
        assertEquals(OptionalLong.of(5_000), new MemoryGuard(5_000).limitMiB());
    }

    @Test
    void freedMemoryTheProcessKeptCounts() {
        // 10,000 available, the process grew by 6,000 (freed and kept) since the guard was made
        assertEquals(OptionalLong.of(16_000), MemoryGuard.limitMiB(OptionalLong.of(10_000),
                OptionalLong.of(8_000), OptionalLong.of(2_000)));
        // a process that shrank adds nothing
        assertEquals(OptionalLong.of(10_000), MemoryGuard.limitMiB(OptionalLong.of(10_000),
                OptionalLong.of(1_000), OptionalLong.of(2_000)));
        // without the process's figures, what the system reports
        assertEquals(OptionalLong.of(10_000), MemoryGuard.limitMiB(OptionalLong.of(10_000),
                OptionalLong.empty(), OptionalLong.of(2_000)));
        assertEquals(OptionalLong.empty(), MemoryGuard.limitMiB(OptionalLong.empty(),
                OptionalLong.of(8_000), OptionalLong.of(2_000)));
    }
}
