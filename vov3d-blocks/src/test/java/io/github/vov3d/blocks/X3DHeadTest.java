package io.github.vov3d.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class X3DHeadTest {
    private static X3DHead head(int trainCrop) {
        return X3DHead.builder().inChannels(16).innerChannels(32).lin5Channels(64)
                .numClasses(10).frames(4).trainCrop(trainCrop).build();
    }

    @Test
    void poolKernelComesFromTheTrainingClip() {
        assertEquals(new Shape(4, 7, 7), head(224).poolKernel());
        assertEquals(new Shape(4, 4, 4), head(112).poolKernel());
        assertEquals(new Shape(4, 2, 2), head(64).poolKernel());
    }

    @Test
    void evalOutputIsTheMeanOfPerPositionSoftmax() {
        try (BlockHarness h = new BlockHarness()) {
            X3DHead head = head(64);
            NDArray x = h.randomInput(new Shape(2, 16, 4, 4, 4));
            h.run(head, x, false);
            h.randomizeParameters(head);
            NDArray out = h.run(head, x, false);
            assertEquals(new Shape(2, 10), out.getShape());
            NDArray logits = head.positionLogits(new ParameterStore(h.manager, false), x, false);
            assertEquals(new Shape(2, 1, 3, 3, 10), logits.getShape());
            NDArray expected = logits.softmax(-1).reshape(2, 9, 10).mean(new int[] {1});
            assertTrue(out.sub(expected).abs().max().getFloat() < 1e-6f);
            NDArray rowSums = out.sum(new int[] {1});
            assertTrue(rowSums.sub(1f).abs().max().getFloat() < 1e-5f);
        }
    }

    @Test
    void trainingOutputIsTheRawLogits() {
        try (BlockHarness h = new BlockHarness()) {
            X3DHead head = X3DHead.builder().inChannels(16).innerChannels(32).lin5Channels(64)
                    .numClasses(10).frames(4).trainCrop(64).dropout(0f).build();
            NDArray x = h.randomInput(new Shape(2, 16, 4, 2, 2));
            h.run(head, x, true);
            h.randomizeParameters(head);
            NDArray out = h.run(head, x, true);
            assertEquals(new Shape(2, 10), out.getShape());
            assertTrue(out.min().getFloat() < 0f, "logits, not probabilities");
        }
    }

    @Test
    void clipSmallerThanThePoolIsRefusedWithAHint() {
        X3DHead head = head(224);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> head.getOutputShapes(new Shape[] {new Shape(1, 16, 4, 4, 4)}));
        assertTrue(e.getMessage().contains("training frame count and crop"), e.getMessage());
    }

    @Test
    void rejectsInvalidOptions() {
        assertThrows(IllegalArgumentException.class, () -> X3DHead.builder().inChannels(8)
                .innerChannels(8).numClasses(0).frames(4).trainCrop(64).build());
        assertThrows(IllegalArgumentException.class, () -> X3DHead.builder().inChannels(8)
                .innerChannels(8).numClasses(3).frames(4).trainCrop(64).dropout(1f).build());
    }
}
