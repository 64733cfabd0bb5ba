package io.github.vov3d.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** The bandwidth probe measures something plausible, frees its array and rejects nonsense. */
class MemoryBandwidthTest {

    @Test
    void measuresAPlausibleRateAndFreesItsArray() {
        try (NDManager manager = NDManager.newBaseManager()) {
            MemoryBandwidth b = MemoryBandwidth.measure(manager, 4L << 20, 3);
            assertEquals(4L << 20, b.arrayBytes());
            assertEquals(3, b.passes());
            // any machine this runs on moves between 100 MB/s and 10 TB/s
            assertTrue(b.bytesPerSecond() > 1e8 && b.bytesPerSecond() < 1e13, b.describe());
            assertTrue(manager.getManagedArrays().isEmpty(), "the probe's array is freed");
            assertTrue(b.describe().endsWith("over 4 MiB, best of 3)"), b.describe());
        }
    }

    @Test
    void describesTheRateInGigabytesPerSecond() {
        // 8 MB read and written once each in 4 ms: 4 GB/s
        MemoryBandwidth b = new MemoryBandwidth(2.0 * 8e6 / 4e-3, 8L << 20, 1);
        assertTrue(b.describe().startsWith("4 GB/s (reads + writes"), b.describe());
    }

    @Test
    void rejectsAnEmptyArrayOrNoPass() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> MemoryBandwidth.measure(manager, 0, 3));
            assertThrows(IllegalArgumentException.class, () -> MemoryBandwidth.measure(manager, 1024, 0));
        }
        assertThrows(IllegalArgumentException.class, () -> new MemoryBandwidth(0, 1024, 1));
    }
}
