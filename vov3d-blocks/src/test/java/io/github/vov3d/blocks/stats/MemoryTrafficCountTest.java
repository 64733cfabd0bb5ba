package io.github.vov3d.blocks.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import io.github.vov3d.api.MemoryTraffic;
import io.github.vov3d.blocks.ResidualBlock;
import io.github.vov3d.blocks.TransformContext;
import io.github.vov3d.blocks.X3DBottleneck;
import io.github.vov3d.blocks.X3DStem;
import io.github.vov3d.blocks.network.VoV3D;
import io.github.vov3d.blocks.network.X3D;
import org.junit.jupiter.api.Test;

/**
 * The layer-by-layer traffic of small blocks, worked out by hand from their layers, and of the
 * paper's networks against each other.
 */
class MemoryTrafficCountTest {

    @Test
    void stemReadsTheClipAndWritesBothConvolutions() {
        // 1×3×4×8×8 clip, P = 256 positions; conv_xy 1×3×3 stride 2 (3 → 24 channels, 64
        // positions), then the 5×1×1 depthwise convolution (24 → 24); no biases
        MemoryTraffic t = ComplexityCounter.traffic(X3DStem.builder().outChannels(24).build(), 4, 8, 8);
        long p = 4 * 8 * 8;
        assertEquals(4 * (3 * p + 24 * p / 4), t.inputBytes());
        assertEquals(4 * (24 * p / 4 + 24 * p / 4), t.outputBytes());
        assertEquals(0, t.shortcutBytes());
        assertEquals(4 * (24 * 3 * 9 + 24 * 5), t.weightBytes());
    }

    @Test
    void residualBlockAddsItsShortcutRead() {
        // X3D bottleneck 8 → 16 → 8, stride 1, block 1 (no SE): identity shortcut
        ResidualBlock block = ResidualBlock.builder().context(new TransformContext(8, 16, 8, 1, 1))
                .transform(X3DBottleneck.factory()).build();
        MemoryTraffic t = ComplexityCounter.traffic(block, new Shape(1, 8, 2, 6, 6));
        long p = 2 * 6 * 6;
        assertEquals(4 * (8 * p + 16 * p + 16 * p), t.inputBytes()); // a, b, c
        assertEquals(4 * (16 * p + 16 * p + 8 * p), t.outputBytes());
        assertEquals(4 * 8 * p, t.shortcutBytes());
        assertEquals(4 * (16 * 8 + 16 * 27 + 8 * 16), t.weightBytes());
    }

    @Test
    void paperNetworksMoveAboutAGigabytePerClip() {
        // VoV3D-L is VoV3D-M with more units: more traffic; both far above their weights
        MemoryTraffic m = ComplexityCounter.traffic(VoV3D.medium().numClasses(400).build(), 16, 224, 224);
        MemoryTraffic l = ComplexityCounter.traffic(VoV3D.large().numClasses(400).build(), 16, 224, 224);
        MemoryTraffic x3d = ComplexityCounter.traffic(X3D.m().numClasses(400).build(), 16, 224, 224);
        assertTrue(l.bytes(1) > m.bytes(1), m + " vs " + l);
        assertTrue(m.bytes(1) > 500_000_000 && m.bytes(1) < 3_000_000_000L, m.describe());
        assertTrue(x3d.shortcutBytes() > m.shortcutBytes(), "X3D has a residual sum per block");
        assertTrue(m.weightBytes() < m.bytes(1) / 20, m.describe());
    }
}
