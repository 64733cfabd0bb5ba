package io.github.vov3d.blocks.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.github.vov3d.api.ModelArchitecture;
import io.github.vov3d.blocks.Nonlinearity;
import io.github.vov3d.blocks.SePlacement;
import io.github.vov3d.blocks.StateDictNames;
import io.github.vov3d.blocks.TemporalOneShotAggregation;
import io.github.vov3d.blocks.X3DBottleneck;
import io.github.vov3d.blocks.X3DHead;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VideoNetworkTest {

    @Test
    void referenceKeyCounts() {
        // reference state dicts: 944 (VoV3D-M) and 568 (X3D-M) entries including one
        // num_batches_tracked per BN (134 and 84), which DJL does not keep
        assertEquals(944 - 134, StateDictNames.of(VoV3D.medium().build()).size());
        assertEquals(568 - 84, StateDictNames.of(X3D.m().build()).size());
    }

    @Test
    void stagesHaveTheReferenceDepths() {
        assertEquals(new int[] {1, 2, 3, 2}.length, VoV3D.medium().build().stages().size());
        int[] depths = VoV3D.large().build().stages().stream()
                .mapToInt(s -> s.blocks().size()).toArray();
        assertEquals("[1, 2, 5, 3]", java.util.Arrays.toString(depths));
        int[] x3dl = X3D.l().build().stages().stream().mapToInt(s -> s.blocks().size()).toArray();
        assertEquals("[5, 10, 25, 15]", java.util.Arrays.toString(x3dl));
        int[] v1 = VoV3D.mediumV1().build().stages().stream().mapToInt(s -> s.blocks().size()).toArray();
        assertEquals("[1, 1, 2, 2]", java.util.Arrays.toString(v1));
    }

    @Test
    void initialisationFollowsPySlowFast() {
        try (NDManager m = NDManager.newBaseManager()) {
            VideoNetwork net = VoV3D.medium().trainCrop(64).frames(4).build();
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 4, 64, 64));
            Map<String, Parameter> p = StateDictNames.of(net);
            NDArray c = p.get("s4.pathway0_res1.branch2.c.weight").getArray();
            double fanOut = c.getShape().get(0);
            assertEquals(Math.sqrt(2 / fanOut), std(c), 0.1 * Math.sqrt(2 / fanOut));
            NDArray dw = p.get("s4.pathway0_res1.branch2.layers.0.b1.weight").getArray();
            double dwFanOut = dw.getShape().get(0) * 9.0;
            assertEquals(Math.sqrt(2 / dwFanOut), std(dw), 0.1 * Math.sqrt(2 / dwFanOut));
            assertEquals(0f, p.get("s4.pathway0_res1.branch2.c_bn.weight").getArray()
                    .abs().max().getFloat());
            assertEquals(1f, p.get("s4.pathway0_res1.branch2.layers.0.c.1.weight").getArray()
                    .min().getFloat());
            assertEquals(0.01, std(p.get("head.projection.weight").getArray()), 0.001);
            assertEquals(0f, p.get("head.projection.bias").getArray().abs().max().getFloat());
        }
    }

    private static double std(NDArray a) {
        float[] v = a.toFloatArray();
        double sum = 0;
        double sq = 0;
        for (float f : v) {
            sum += f;
            sq += f * f;
        }
        double mean = sum / v.length;
        return Math.sqrt(sq / v.length - mean * mean);
    }

    @Test
    void customNetworkMixingTransformsRuns() {
        VideoNetwork net = VideoNetwork.builder()
                .stem(16)
                .stage(1, 32, 16, X3DBottleneck.factory())
                .stage(2, 64, 32, TemporalOneShotAggregation.factory(
                        TemporalOneShotAggregation.builder().numUnits(3).temporalKernel(5)
                                .sePlacement(SePlacement.ALL).activation(Nonlinearity.RELU)))
                .head(X3DHead.builder().innerChannels(64).lin5Channels(128).numClasses(7)
                        .frames(4).trainCrop(32))
                .build();
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(2, 3, 4, 32, 32);
            net.initialize(m, DataType.FLOAT32, in);
            NDArray out = net.forward(new ParameterStore(m, false), new NDList(m.randomNormal(in)), false)
                    .singletonOrThrow();
            assertEquals(new Shape(2, 7), out.getShape());
            assertTrue(out.sum(new int[] {1}).sub(1f).abs().max().getFloat() < 1e-5f);
        }
    }

    @Test
    void documentedExamplesBuildAndInferShapes() {
        VideoNetwork wideTemporal = VoV3D.builder().depths(1, 2, 3, 2).numUnits(3).temporalKernel(5)
                .sePlacement(SePlacement.ALL).activation(Nonlinearity.RELU).numClasses(174).build();
        VideoNetwork hybrid = VideoNetwork.builder()
                .stem(24)
                .stage(3, 54, 24, X3DBottleneck.factory())
                .stage(5, 108, 48, X3DBottleneck.factory())
                .stage(3, 192, 96, TemporalOneShotAggregation.factory(
                        TemporalOneShotAggregation.builder().numUnits(5)))
                .stage(2, 384, 192, TemporalOneShotAggregation.factory(
                        TemporalOneShotAggregation.builder().numUnits(5).temporalKernel(5)))
                .head(X3DHead.builder().innerChannels(384).numClasses(174).frames(16).trainCrop(224))
                .build();
        Shape clip = new Shape(1, 3, 16, 224, 224);
        assertEquals(new Shape(1, 174), wideTemporal.getOutputShapes(new Shape[] {clip})[0]);
        assertEquals(new Shape(1, 174), hybrid.getOutputShapes(new Shape[] {clip})[0]);
        var cost = io.github.vov3d.blocks.stats.ComplexityCounter.count(hybrid, 16, 224, 224);
        assertTrue(cost.parameters() > 1_000_000 && cost.gigaMacs() > 1, cost.describe());
    }

    @Test
    void everyArchitectureBuildsWithItsDefaults() {
        for (ModelArchitecture a : ModelArchitecture.values()) {
            NetworkBuilder<?> b = VideoModels.builder(a);
            assertEquals(a.defaultFrames(), b.frames(), a.id());
            assertEquals(a.defaultTrainCrop(), b.trainCrop(), a.id());
            VideoNetwork net = b.numClasses(11).build();
            Shape out = net.getOutputShapes(new Shape[] {
                new Shape(1, 3, a.defaultFrames(), a.defaultTestCrop(), a.defaultTestCrop())})[0];
            assertEquals(new Shape(1, 11), out, a.id());
        }
    }

    @Test
    void incompleteNetworksAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> VideoNetwork.builder().stem(8).build());
        assertThrows(IllegalArgumentException.class,
                () -> VoV3D.builder().depths(1, 2).build());
    }
}
