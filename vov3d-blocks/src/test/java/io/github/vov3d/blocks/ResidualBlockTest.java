package io.github.vov3d.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.junit.jupiter.api.Test;

class ResidualBlockTest {
    private static ResidualBlock block(int in, int out, int stride) {
        return ResidualBlock.builder()
                .context(new TransformContext(in, 2 * out, out, stride, 0))
                .transform(X3DBottleneck.factory())
                .build();
    }

    @Test
    void projectionShortcutWhenWidthOrResolutionChanges() {
        assertTrue(block(8, 16, 1).hasProjection());
        assertTrue(block(16, 16, 2).hasProjection());
        assertFalse(block(16, 16, 1).hasProjection());
        assertTrue(StateDictNames.of(block(8, 16, 2)).containsKey("branch1_bn.weight"));
        assertFalse(StateDictNames.of(block(16, 16, 1)).containsKey("branch1.weight"));
    }

    @Test
    void freshBlockIsTheReluOfItsShortcut() {
        try (BlockHarness h = new BlockHarness()) {
            ResidualBlock identity = block(8, 8, 1);
            NDArray x = h.randomInput(new Shape(1, 8, 3, 4, 4));
            NDArray y = h.run(identity, x, false);
            assertEquals(0f, y.sub(Activation.relu(x)).abs().max().getFloat(), 1e-6f);
        }
    }

    @Test
    void stridedBlockHalvesSpaceAndKeepsTime() {
        try (BlockHarness h = new BlockHarness()) {
            NDArray y = h.run(block(8, 16, 2), h.randomInput(new Shape(2, 8, 3, 7, 7)), true);
            assertEquals(new Shape(2, 16, 3, 4, 4), y.getShape());
        }
    }

    @Test
    void needsContextAndTransform() {
        assertThrows(IllegalArgumentException.class, () -> ResidualBlock.builder().build());
        assertThrows(IllegalArgumentException.class, () -> ResidualBlock.builder()
                .context(new TransformContext(8, 8, 8, 1, 0)).build());
        assertThrows(IllegalArgumentException.class, () -> new TransformContext(0, 8, 8, 1, 0));
    }
}
