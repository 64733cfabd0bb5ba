package io.github.vov3d.api.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Reads files written by NumPy itself (the shared golden case). The statistics were computed
 * with NumPy 1.24/2.x on the same files ({@code a.sum(dtype=np.float64)}, {@code a.min()},
 * {@code a.max()}).
 */
class NpyGoldenTest {

    static Path goldenCase(String name) {
        String configured = System.getProperty("vov3d.golden.dir");
        assertTrue(configured != null, "system property vov3d.golden.dir is not set: run the "
                + "tests through Maven (surefire sets it to ../shared/golden) or pass "
                + "-Dvov3d.golden.dir=DIR; these tests must not be skipped");
        Path dir = Path.of(configured).resolve(name);
        assertTrue(Files.isDirectory(dir), "golden case " + name + " not found at "
                + dir.toAbsolutePath() + ": put shared/golden beside the checkout or pass "
                + "-Dvov3d.golden.dir=DIR; these tests must not be skipped");
        return dir;
    }

    @Test
    void readsTheGoldenInputClip() throws IOException {
        NpyArray input = Npy.read(goldenCase("vov3d_m_k400").resolve("input.npy"));
        assertArrayEquals(new long[] {2, 3, 16, 112, 112}, input.shape());
        float[] data = input.data();
        assertEquals(2 * 3 * 16 * 112 * 112, data.length);
        assertEquals(0.4814668f, data[0], 1e-7f);
        assertEquals(-0.9641074f, data[1], 1e-7f);
        assertEquals(-0.27314475f, data[data.length - 1], 1e-7f);
        double sum = 0;
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : data) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(-300.99492651901005, sum, 1e-6);
        assertEquals(-4.493473f, min, 1e-6f);
        assertEquals(4.7202816f, max, 1e-6f);
    }

    @Test
    void readsTheGoldenOutputAndWritesItBackByteForByte() throws IOException {
        Path file = goldenCase("vov3d_m_k400").resolve("output.npy");
        NpyArray output = Npy.read(file);
        assertArrayEquals(new long[] {2, 400}, output.shape());
        double sum = 0;
        for (float v : output.data()) {
            sum += v;
        }
        assertEquals(2.0000000427971827, sum, 1e-9, "two softmax rows");
        assertEquals(0.001426979f, output.data()[0], 1e-9f);
        assertArrayEquals(Files.readAllBytes(file), Npy.toBytes(output),
                "what we write must be exactly what numpy.save wrote");
    }
}
