package io.github.vov3d.examples.miniature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.vov3d.api.ModelStatistics;
import io.github.vov3d.blocks.TemporalOneShotAggregation;
import io.github.vov3d.blocks.X3DBottleneck;
import io.github.vov3d.blocks.network.VideoNetwork;
import io.github.vov3d.blocks.stats.ComplexityCounter;
import org.junit.jupiter.api.Test;

/** The two networks compared: same stem and head, different transforms, equal cost. */
class MiniatureModelsTest {
    private static final ClipGeometry G = MiniatureOptions.defaults().geometry();

    @Test
    void theNetworksCostAboutTheSameAndDifferOnlyInTheirTransforms() {
        VideoNetwork x3d = MiniatureModels.build(MiniatureModels.X3D, G, 0.5f);
        VideoNetwork vov3d = MiniatureModels.build(MiniatureModels.VOV3D, G, 0.5f);
        ModelStatistics a = ComplexityCounter.count(x3d, G.frames(), G.crop(), G.crop());
        ModelStatistics b = ComplexityCounter.count(vov3d, G.frames(), G.crop(), G.crop());
        double ratio = (double) b.multiplyAccumulates() / a.multiplyAccumulates();
        assertTrue(ratio > 0.95 && ratio < 1.05, "MACs " + a.multiplyAccumulates() + " vs " + b.multiplyAccumulates());
        assertEquals(x3d.head().poolKernel(), vov3d.head().poolKernel());
        assertEquals(new Shape(G.frames(), G.crop() / 8, G.crop() / 8), x3d.head().poolKernel());
        assertTrue(x3d.stages().stream().allMatch(s -> s.blocks().stream()
                .allMatch(blk -> blk.transform() instanceof X3DBottleneck)));
        assertTrue(vov3d.stages().stream().allMatch(s -> s.blocks().stream()
                .allMatch(blk -> blk.transform() instanceof TemporalOneShotAggregation)));
        assertThrows(IllegalArgumentException.class, () -> MiniatureModels.build("resnet", G, 0.5f));
    }

    @Test
    void bothClassifyAClipIntoTheEightMotions() {
        for (String name : new String[] {MiniatureModels.X3D, MiniatureModels.VOV3D}) {
            VideoNetwork net = MiniatureModels.build(name, G, 0f);
            try (NDManager m = NDManager.newBaseManager()) {
                Shape clip = new Shape(2, 3, G.frames(), G.crop(), G.crop());
                net.initialize(m, DataType.FLOAT32, clip);
                float[] p = net.forward(new ParameterStore(m, false), new NDList(m.randomNormal(clip)), false)
                        .singletonOrThrow().toFloatArray();
                assertEquals(2 * Motion.values().length, p.length);
                float sum = 0;
                for (int i = 0; i < Motion.values().length; i++) {
                    sum += p[i];
                }
                assertEquals(1f, sum, 1e-4f, name);
            }
        }
        assertArrayEquals(new String[] {"x3d_mini", "vov3d_mini"},
                MiniatureOptions.defaults().models().toArray(new String[0]));
    }
}
