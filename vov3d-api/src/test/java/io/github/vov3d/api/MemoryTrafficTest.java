package io.github.vov3d.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Activations scale with the batch, weights are read once, and the floor is bytes / bandwidth. */
class MemoryTrafficTest {
    private final MemoryTraffic traffic = new MemoryTraffic(300, 200, 60, 40, 50);

    @Test
    void activationsScaleWithTheBatchAndWeightsDoNot() {
        assertEquals(650, traffic.bytes(1));
        assertEquals(8 * 600 + 50, traffic.bytes(8));
    }

    @Test
    void theFloorIsTheBytesAtTheBandwidth() {
        // 1,250 bytes at 1,000 bytes per second: 1.25 s
        assertEquals(1250.0, traffic.floorMillis(2, 1000.0), 1e-9);
    }

    @Test
    void rejectsWhatCannotBeATrafficOrAFloor() {
        assertThrows(IllegalArgumentException.class, () -> new MemoryTraffic(0, 0, 0, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> traffic.bytes(0));
        assertThrows(IllegalArgumentException.class, () -> traffic.floorMillis(1, 0.0));
        assertThrows(IllegalArgumentException.class, () -> traffic.floorMillis(1, Double.NaN));
        assertThrows(ArithmeticException.class,
                () -> new MemoryTraffic(Long.MAX_VALUE / 2, 0, 0, 0, 0).bytes(4));
        // the sum of the parts overflows before any batch multiplies it
        assertThrows(ArithmeticException.class,
                () -> new MemoryTraffic(Long.MAX_VALUE, 0, 0, 1, 0).bytes(1));
    }

    @Test
    void describesOneClipInMegabytes() {
        String line = new MemoryTraffic(3_000_000, 2_000_000, 1_000_000, 1_000_000, 500_000)
                .describe();
        assertTrue(line.startsWith("8 MB per clip (inputs 3, outputs 2, shortcuts 1, pooling 1,"
                + " weights 0.5)"), line);
    }
}
