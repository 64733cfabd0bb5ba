package io.github.vov3d.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqueezeExcitationTest {

    @Test
    void gatesEveryChannelByAFactorBetweenZeroAndOne() {
        try (BlockHarness h = new BlockHarness()) {
            SqueezeExcitation se = SqueezeExcitation.builder().channels(40).build();
            NDArray x = h.randomInput(new Shape(2, 40, 3, 5, 5)).abs().add(0.1f);
            NDArray y = h.run(se, x, false);
            assertEquals(x.getShape(), y.getShape());
            NDArray ratio = y.div(x);
            assertTrue(ratio.gte(0f).all().getBoolean() && ratio.lte(1f).all().getBoolean());
            // one gate per (sample, channel): constant over T, H, W
            NDArray perChannel = ratio.get(":, :, 0:1, 0:1, 0:1");
            assertTrue(ratio.sub(perChannel).abs().max().getFloat() < 1e-5f);
        }
    }

    @Test
    void namesAndWidthsFollowTheReference() {
        SqueezeExcitation se = SqueezeExcitation.builder().channels(320).build();
        assertEquals(24, se.reducedChannels());
        try (BlockHarness h = new BlockHarness()) {
            h.run(se, h.randomInput(new Shape(1, 320, 1, 2, 2)), false);
            assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"),
                    List.copyOf(StateDictNames.of(se).keySet()));
            assertEquals(new Shape(24, 320, 1, 1, 1),
                    StateDictNames.of(se).get("fc1.weight").getArray().getShape());
        }
    }

    @Test
    void rejectsBadOptions() {
        assertThrows(IllegalArgumentException.class, () -> SqueezeExcitation.builder().build());
        assertThrows(IllegalArgumentException.class,
                () -> SqueezeExcitation.builder().channels(8).ratio(0).build());
    }
}
