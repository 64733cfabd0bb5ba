package io.github.vov3d.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class X3DStemTest {

    @Test
    void halvesSpaceKeepsTimeAndUsesReferenceNames() {
        try (BlockHarness h = new BlockHarness()) {
            X3DStem stem = X3DStem.builder().outChannels(24).build();
            NDArray y = h.run(stem, h.randomInput(new Shape(1, 3, 6, 16, 16)), false);
            assertEquals(new Shape(1, 24, 6, 8, 8), y.getShape());
            var names = StateDictNames.of(stem);
            assertEquals(List.of("conv_xy.weight", "conv.weight", "bn.weight", "bn.bias",
                    "bn.running_mean", "bn.running_var"), List.copyOf(names.keySet()));
            assertEquals(new Shape(24, 3, 1, 3, 3), names.get("conv_xy.weight").getArray().getShape());
            assertEquals(new Shape(24, 1, 5, 1, 1), names.get("conv.weight").getArray().getShape());
        }
    }

    @Test
    void wrongChannelCountIsExplained() {
        X3DStem stem = X3DStem.builder().outChannels(8).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> stem.getOutputShapes(new Shape[] {new Shape(1, 4, 2, 8, 8)}));
        assertEquals(true, e.getMessage().contains("C=3"));
    }
}
