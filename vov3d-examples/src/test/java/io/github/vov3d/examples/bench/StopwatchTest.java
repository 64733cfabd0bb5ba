package io.github.vov3d.examples.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The order passes run in: warm-up rounds first, then per repeat every mode in turn, each
 * timed run right after its own untimed settling runs, never right after another mode's.
 */
class StopwatchTest {

    @Test
    void everyTimedPassFollowsItsOwnSettlingPasses() {
        List<String> order = new ArrayList<>();
        double[] ms = Stopwatch.interleavedMedians(1, 2, 2, List.of(() -> order.add("A"),
                () -> order.add("B")));
        assertEquals(List.of("A", "B", "A", "A", "A", "B", "B", "B", "A", "A", "A", "B", "B", "B"),
                order);
        assertEquals(2, ms.length);
    }

    @Test
    void withoutSettlingModesAlternatePassByPass() {
        List<String> order = new ArrayList<>();
        Stopwatch.interleavedMedians(0, 0, 3, List.of(() -> order.add("A"), () -> order.add("B")));
        assertEquals(List.of("A", "B", "A", "B", "A", "B"), order);
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, Stopwatch.median(new double[] {3, 1, 2}));
        assertEquals(2.5, Stopwatch.median(new double[] {4, 1, 3, 2}));
        double[] sorted = {1, 2, 3};
        Stopwatch.median(sorted);
        assertArrayEquals(new double[] {1, 2, 3}, sorted);
    }
}
