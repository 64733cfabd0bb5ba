package io.github.vov3d.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class TemporalOneShotAggregationTest {

    @Test
    void stridedBlockConcatenatesOnlyTheUnitOutputs() {
        try (BlockHarness h = new BlockHarness()) {
            TemporalOneShotAggregation tosa = TemporalOneShotAggregation.builder()
                    .inChannels(20).innerChannels(80).outChannels(40).spatialStride(2).build();
            assertFalse(tosa.concatenatesInput());
            NDArray y = h.run(tosa, h.randomInput(new Shape(1, 20, 4, 8, 8)), false);
            assertEquals(new Shape(1, 40, 4, 4, 4), y.getShape());
            assertEquals(new Shape(40, 5 * 40, 1, 1, 1),
                    StateDictNames.of(tosa).get("c.weight").getArray().getShape());
        }
    }

    @Test
    void unstridedBlockAlsoConcatenatesItsInput() {
        try (BlockHarness h = new BlockHarness()) {
            TemporalOneShotAggregation tosa = TemporalOneShotAggregation.builder()
                    .inChannels(40).innerChannels(80).outChannels(40).build();
            assertTrue(tosa.concatenatesInput());
            h.run(tosa, h.randomInput(new Shape(1, 40, 4, 4, 4)), false);
            assertEquals(new Shape(40, 40 + 5 * 40, 1, 1, 1),
                    StateDictNames.of(tosa).get("c.weight").getArray().getShape());
        }
    }

    @Test
    void squeezeExcitationSitsOnEvenUnitsAndOnlyTheFirstUnitIsStrided() {
        TemporalOneShotAggregation tosa = TemporalOneShotAggregation.builder()
                .inChannels(20).innerChannels(40).outChannels(20).spatialStride(2).build();
        for (int k = 0; k < 5; k++) {
            D2Plus1D unit = tosa.units().get(k);
            assertEquals(k % 2 == 0, unit.hasSqueezeExcitation(), "SE on unit " + k);
            assertEquals(k > 0, unit.hasResidual(), "residual on unit " + k);
        }
        var keys = StateDictNames.of(tosa).keySet();
        assertTrue(keys.contains("layers.4.se.fc1.weight"));
        assertFalse(keys.contains("layers.3.se.fc1.weight"));
    }

    @Test
    void unitCountAndPlacementAreConfigurable() {
        TemporalOneShotAggregation tosa = TemporalOneShotAggregation.builder()
                .inChannels(8).innerChannels(16).outChannels(8).numUnits(3)
                .sePlacement(SePlacement.NONE).build();
        assertEquals(3, tosa.units().size());
        assertTrue(tosa.units().stream().noneMatch(D2Plus1D::hasSqueezeExcitation));
    }

    @Test
    void finalBatchNormStartsAtZeroSoTheTransformOutputsZero() {
        try (BlockHarness h = new BlockHarness()) {
            TemporalOneShotAggregation tosa = TemporalOneShotAggregation.builder()
                    .inChannels(8).innerChannels(16).outChannels(8).build();
            NDArray y = h.run(tosa, h.randomInput(new Shape(1, 8, 3, 4, 4)), false);
            assertEquals(0f, y.abs().max().getFloat(), 1e-6f);
        }
    }

    @Test
    void rejectsInvalidOptions() {
        assertThrows(IllegalArgumentException.class, () -> TemporalOneShotAggregation.builder()
                .inChannels(8).innerChannels(16).outChannels(8).numUnits(0).build());
        assertThrows(IllegalArgumentException.class, () -> TemporalOneShotAggregation.builder()
                .innerChannels(16).outChannels(8).build());
    }
}
