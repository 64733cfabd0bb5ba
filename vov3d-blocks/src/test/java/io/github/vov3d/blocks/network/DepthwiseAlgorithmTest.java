package io.github.vov3d.blocks.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.util.Pair;
import io.github.vov3d.blocks.DepthwiseAlgorithm;
import io.github.vov3d.blocks.DepthwiseConv3d;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The network-wide depthwise algorithm reaches every depthwise layer of every family, and a
 * training pass computes the same output and gradients with either algorithm.
 */
class DepthwiseAlgorithmTest {
    private static final Shape CLIP = new Shape(2, 3, 4, 32, 32);

    @Test
    void everyDepthwiseLayerGetsTheNetworksAlgorithm() {
        List<Supplier<NetworkBuilder<?>>> families = List.of(VoV3D::medium, VoV3D::large, X3D::xs, X3D::m);
        for (Supplier<NetworkBuilder<?>> family : families) {
            assertAlgorithm(family.get().build(), DepthwiseAlgorithm.FASTEST);
            for (DepthwiseAlgorithm a : DepthwiseAlgorithm.values()) {
                assertAlgorithm(family.get().depthwiseAlgorithm(a).build(), a);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> VoV3D.medium().depthwiseAlgorithm(null));
    }

    @Test
    void parametersCopyOnlyBetweenNetworksOfTheSameStructure() {
        try (NDManager m = NDManager.newBaseManager()) {
            VideoNetwork medium = VoV3D.medium().numClasses(5).frames(4).trainCrop(32).build();
            VideoNetwork otherClasses = VoV3D.medium().numClasses(6).frames(4).trainCrop(32).build();
            medium.initialize(m, DataType.FLOAT32, CLIP);
            otherClasses.initialize(m, DataType.FLOAT32, CLIP);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> otherClasses.copyParametersFrom(medium));
            assertTrue(e.getMessage().contains("projection"), e.getMessage());
        }
    }

    @Test
    void vov3dTrainsAlikeWithBothAlgorithms() {
        assertSameTraining(() -> VoV3D.medium().numClasses(5).frames(4).trainCrop(32));
    }

    @Test
    void x3dTrainsAlikeWithBothAlgorithms() {
        assertSameTraining(() -> X3D.xs().numClasses(3).frames(4).trainCrop(32));
    }

    private static void assertAlgorithm(VideoNetwork net, DepthwiseAlgorithm expected) {
        List<DepthwiseConv3d> layers = new ArrayList<>();
        collect(net, layers);
        assertFalse(layers.isEmpty());
        for (DepthwiseConv3d layer : layers) {
            assertEquals(expected, layer.algorithm());
        }
    }

    private static void collect(Block block, List<DepthwiseConv3d> into) {
        if (block instanceof DepthwiseConv3d d) {
            into.add(d);
        } else if (block instanceof Convolution c) {
            assertEquals(1, c.getGroups(), "a grouped convolution that is not a DepthwiseConv3d: " + c);
        }
        block.getChildren().values().forEach(child -> collect(child, into));
    }

    private static void assertSameTraining(Supplier<NetworkBuilder<?>> family) {
        try (NDManager m = NDManager.newBaseManager()) {
            VideoNetwork reference = family.get().depthwiseAlgorithm(DepthwiseAlgorithm.CONV3D).build();
            VideoNetwork fastest = family.get().depthwiseAlgorithm(DepthwiseAlgorithm.FASTEST).build();
            reference.initialize(m, DataType.FLOAT32, CLIP);
            fastest.initialize(m, DataType.FLOAT32, CLIP);
            List<Pair<String, Parameter>> from = TrainingPass.parameters(reference);
            for (Pair<String, Parameter> p : from) {
                NDArray values = p.getValue().getArray();
                // random non-zero values everywhere (zero-initialised final BN gammas included)
                values.set(m.randomNormal(0f, 0.3f, values.getShape(), DataType.FLOAT32).add(
                        p.getKey().endsWith("running_var") ? 1f : 0f).abs().toFloatArray());
            }
            fastest.copyParametersFrom(reference);
            NDArray clip = m.randomNormal(CLIP);
            TrainingPass.Result expected = TrainingPass.run(m, reference,
                    (ps, x) -> ScopedForward.run(reference, ps, x, true), clip);
            TrainingPass.Result actual = TrainingPass.run(m, fastest,
                    (ps, x) -> ScopedForward.run(fastest, ps, x, true), clip);
            assertClose(expected.output(), actual.output(), "output");
            for (int i = 0; i < from.size(); i++) {
                if (expected.gradients().get(i) != null) {
                    assertClose(expected.gradients().get(i), actual.gradients().get(i),
                            "gradient of " + from.get(i).getKey());
                }
            }
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " size");
        float scale = 1e-3f;
        float diff = 0f;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(diff <= 1e-4f * scale, what + " differs by " + diff + " (largest value " + scale + ")");
    }
}
