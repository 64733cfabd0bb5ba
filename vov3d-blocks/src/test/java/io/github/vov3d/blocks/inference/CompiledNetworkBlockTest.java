package io.github.vov3d.blocks.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.translate.NoopTranslator;
import io.github.vov3d.blocks.network.VideoNetwork;
import io.github.vov3d.blocks.network.VoV3D;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;

/**
 * A model whose block is the compiled network predicts what the network computes in eval mode,
 * describes its input, refuses to train or be saved, and frees the folded weights with the
 * model; a clip on another device than the weights is refused with a message.
 */
class CompiledNetworkBlockTest {
    private static final Shape CLIP = new Shape(2, 3, 4, 32, 32);

    @TempDir
    Path dir;

    @Test
    void aModelRunsTheCompiledPassThroughItsPredictor() throws Exception {
        try (NDManager m = NDManager.newBaseManager(); Model model = Model.newInstance("compiled")) {
            VideoNetwork network = network(m);
            CompiledNetworkBlock block = new CompiledNetworkBlock(
                    FastInference.compile(network, model.getNDManager()), CLIP);
            model.setBlock(block);
            assertTrue(block.isInitialized());
            assertEquals(CLIP, model.describeInput().get("clip"));
            assertArrayEquals(new Shape[] {new Shape(2, 6)}, block.getOutputShapes(new Shape[] {CLIP}));
            NDArray clip = m.randomNormal(CLIP);
            float[] expected = network.forward(new ParameterStore(m, false), new NDList(clip), false)
                    .singletonOrThrow().toFloatArray();
            try (Predictor<NDList, NDList> p = model.newPredictor(new NoopTranslator())) {
                float[] got = p.predict(new NDList(clip)).singletonOrThrow().toFloatArray();
                assertEquals(expected.length, got.length);
                for (int i = 0; i < got.length; i++) {
                    assertEquals(expected[i], got[i], 1e-5f, "output " + i);
                }
            }
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> block.forward(new ParameterStore(m, false), new NDList(clip), true));
            assertTrue(e.getMessage().contains("cannot train"), e.getMessage());
            UnsupportedOperationException save = assertThrows(UnsupportedOperationException.class,
                    () -> model.save(dir, "compiled"));
            assertTrue(save.getMessage().contains("save the VideoNetwork"), save.getMessage());
            model.close();
            // the folded weights lived in the model's manager
            assertThrows(IllegalStateException.class, () -> block.network().predict(clip));
        }
    }

    @Test
    void aClipOnAnotherDeviceIsRefusedClearly() {
        try (NDManager m = NDManager.newBaseManager()) {
            try (CompiledNetwork fast = FastInference.compile(network(m))) {
                NDArray elsewhere = Mockito.mock(NDArray.class);
                Mockito.when(elsewhere.getShape()).thenReturn(CLIP);
                Mockito.when(elsewhere.getDevice()).thenReturn(Device.gpu(3));
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> fast.predict(elsewhere));
                assertTrue(e.getMessage().contains("gpu(3)") && e.getMessage().contains("cpu()"),
                        e.getMessage());
            }
        }
    }

    @Test
    void theInputShapeMustBeAClipBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            try (CompiledNetwork fast = FastInference.compile(network(m))) {
                assertThrows(IllegalArgumentException.class,
                        () -> new CompiledNetworkBlock(fast, new Shape(4, 32, 32, 3)));
            }
        }
    }

    /** @return a small VoV3D-M with random weights in {@code m} */
    private static VideoNetwork network(NDManager m) {
        VideoNetwork network = VoV3D.medium().numClasses(6).frames(4).trainCrop(32).build();
        network.initialize(m, DataType.FLOAT32, CLIP);
        return network;
    }
}
