package io.github.vov3d.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import org.junit.jupiter.api.Test;

class SwishTest {
    @Test
    void isXTimesSigmoidX() {
        try (BlockHarness h = new BlockHarness()) {
            float[] xs = {-3f, -1f, 0f, 0.5f, 4f};
            NDArray x = h.manager.create(xs).reshape(1, 1, 1, 1, 5);
            float[] y = h.run(new Swish(), x, false).toFloatArray();
            float[] expected = new float[xs.length];
            for (int i = 0; i < xs.length; i++) {
                expected[i] = (float) (xs[i] / (1 + Math.exp(-xs[i])));
            }
            assertArrayEquals(expected, y, 1e-6f);
        }
    }
}
