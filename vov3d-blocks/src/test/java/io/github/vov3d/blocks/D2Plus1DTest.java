package io.github.vov3d.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class D2Plus1DTest {

    @Test
    void residualOnlyWhenWidthsMatchAndStrideIsOne() {
        assertTrue(D2Plus1D.builder().inChannels(20).innerChannels(40).build().hasResidual());
        assertFalse(D2Plus1D.builder().inChannels(20).innerChannels(40).spatialStride(2)
                .build().hasResidual());
        assertFalse(D2Plus1D.builder().inChannels(24).innerChannels(40).build().hasResidual());
    }

    @Test
    void stridesSpaceButNeverTime() {
        try (BlockHarness h = new BlockHarness()) {
            D2Plus1D unit = D2Plus1D.builder().inChannels(8).innerChannels(16).spatialStride(2).build();
            NDArray y = h.run(unit, h.randomInput(new Shape(2, 8, 5, 9, 9)), false);
            assertEquals(new Shape(2, 8, 5, 5, 5), y.getShape());
        }
    }

    @Test
    void parameterNamesAndShapesFollowTheReference() {
        try (BlockHarness h = new BlockHarness()) {
            D2Plus1D unit = D2Plus1D.builder().inChannels(20).innerChannels(40).build();
            h.run(unit, h.randomInput(new Shape(1, 20, 3, 4, 4)), false);
            var names = StateDictNames.of(unit);
            assertEquals(List.of("a.0.weight", "a.1.weight", "a.1.bias", "a.1.running_mean",
                    "a.1.running_var", "b1.weight", "b2.weight", "b_bn.weight", "b_bn.bias",
                    "b_bn.running_mean", "b_bn.running_var", "se.fc1.weight", "se.fc1.bias",
                    "se.fc2.weight", "se.fc2.bias", "c.0.weight", "c.1.weight", "c.1.bias",
                    "c.1.running_mean", "c.1.running_var"), List.copyOf(names.keySet()));
            assertEquals(new Shape(40, 1, 1, 3, 3), names.get("b1.weight").getArray().getShape());
            assertEquals(new Shape(40, 1, 3, 1, 1), names.get("b2.weight").getArray().getShape());
            assertEquals(new Shape(20, 40, 1, 1, 1), names.get("c.0.weight").getArray().getShape());
        }
    }

    @Test
    void withoutSqueezeExcitationThereIsNoSeParameter() {
        D2Plus1D unit = D2Plus1D.builder().inChannels(8).innerChannels(16)
                .squeezeExcitation(false).build();
        assertFalse(unit.hasSqueezeExcitation());
        assertTrue(StateDictNames.of(unit).keySet().stream().noneMatch(k -> k.startsWith("se.")));
    }

    @Test
    void outputIsNonNegative() {
        try (BlockHarness h = new BlockHarness()) {
            D2Plus1D unit = D2Plus1D.builder().inChannels(8).innerChannels(16).build();
            NDArray y = h.run(unit, h.randomInput(new Shape(1, 8, 4, 6, 6)), false);
            assertTrue(y.gte(0f).all().getBoolean(), "the unit ends with ReLU");
        }
    }

    @Test
    void rejectsInvalidOptions() {
        assertThrows(IllegalArgumentException.class, () -> D2Plus1D.builder().innerChannels(8).build());
        assertThrows(IllegalArgumentException.class,
                () -> D2Plus1D.builder().inChannels(8).innerChannels(8).temporalKernel(2).build());
        assertThrows(IllegalArgumentException.class,
                () -> D2Plus1D.builder().inChannels(8).innerChannels(8).spatialStride(0).build());
    }
}
