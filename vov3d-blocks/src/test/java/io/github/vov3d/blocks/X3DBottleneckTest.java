package io.github.vov3d.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class X3DBottleneckTest {

    @Test
    void namesFollowTheReferenceAndTheKernelIsChannelwise3x3x3() {
        try (BlockHarness h = new BlockHarness()) {
            X3DBottleneck b = X3DBottleneck.builder().inChannels(24).innerChannels(54)
                    .outChannels(24).build();
            h.run(b, h.randomInput(new Shape(1, 24, 3, 4, 4)), false);
            var names = StateDictNames.of(b);
            assertEquals(List.of("a.weight", "a_bn.weight", "a_bn.bias", "a_bn.running_mean",
                    "a_bn.running_var", "b.weight", "b_bn.weight", "b_bn.bias", "b_bn.running_mean",
                    "b_bn.running_var", "se.fc1.weight", "se.fc1.bias", "se.fc2.weight",
                    "se.fc2.bias", "c.weight", "c_bn.weight", "c_bn.bias", "c_bn.running_mean",
                    "c_bn.running_var"), List.copyOf(names.keySet()));
            assertEquals(new Shape(54, 1, 3, 3, 3), names.get("b.weight").getArray().getShape());
        }
    }

    @Test
    void factoryPlacesSqueezeExcitationOnEvenBlocksOfAStage() {
        TransformFactory f = X3DBottleneck.factory();
        for (int j = 0; j < 4; j++) {
            X3DBottleneck b = (X3DBottleneck) f.create(new TransformContext(8, 16, 8, 1, j));
            assertEquals(j % 2 == 0, b.hasSqueezeExcitation(), "block " + j);
        }
        X3DBottleneck none = (X3DBottleneck) X3DBottleneck
                .factory(X3DBottleneck.builder(), SePlacement.NONE)
                .create(new TransformContext(8, 16, 8, 1, 0));
        assertFalse(none.hasSqueezeExcitation());
        assertTrue(StateDictNames.of(none).keySet().stream().noneMatch(k -> k.startsWith("se")));
    }
}
