package io.github.vov3d.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class WidthsTest {

    @Test
    void squeezeExcitationWidthsOfTheReference() {
        int[][] pairs = {{40, 8}, {48, 8}, {54, 8}, {80, 8}, {96, 8}, {108, 8}, {160, 16},
            {192, 16}, {216, 16}, {320, 24}, {384, 24}, {432, 32}};
        for (int[] p : pairs) {
            assertEquals(p[1], Widths.round(p[0], 1.0 / 16), "SE width of " + p[0]);
        }
    }

    @Test
    void x3dStageWidths() {
        assertEquals(24, Widths.round(12, 2.0));
        assertEquals(48, Widths.round(24, 2.0));
        assertEquals(192, Widths.round(96, 2.0));
    }

    @Test
    void rejectsNonPositiveArguments() {
        assertThrows(IllegalArgumentException.class, () -> Widths.round(0, 2.0));
        assertThrows(IllegalArgumentException.class, () -> Widths.round(12, -1));
    }

    @Property
    void roundedWidthIsAMultipleOfTheDivisorAndCloseToTheTarget(
            @ForAll @IntRange(min = 1, max = 4096) int width,
            @ForAll @DoubleRange(min = 0.01, max = 8) double multiplier) {
        int r = Widths.round(width, multiplier);
        assertEquals(0, r % 8);
        assertTrue(r >= 8);
        assertTrue(r >= 0.9 * width * multiplier, "lost more than 10%: " + r);
        assertTrue(r <= Math.max(8, width * multiplier + 12), "too wide: " + r);
    }
}
