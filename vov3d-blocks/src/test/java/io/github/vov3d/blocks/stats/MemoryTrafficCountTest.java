package io.github.vov3d.blocks.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.types.Shape;
import io.github.vov3d.api.MemoryTraffic;
import io.github.vov3d.api.ModelArchitecture;
import io.github.vov3d.blocks.D2Plus1D;
import io.github.vov3d.blocks.ResidualBlock;
import io.github.vov3d.blocks.SqueezeExcitation;
import io.github.vov3d.blocks.TemporalOneShotAggregation;
import io.github.vov3d.blocks.TransformContext;
import io.github.vov3d.blocks.X3DBottleneck;
import io.github.vov3d.blocks.X3DHead;
import io.github.vov3d.blocks.X3DStem;
import io.github.vov3d.blocks.network.VideoModels;
import io.github.vov3d.blocks.network.VideoNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The layer-by-layer traffic of small blocks, worked out by hand from their layers, and of the
 * paper's networks, pinned.
 */
class MemoryTrafficCountTest {

    @Test
    void stemReadsTheClipAndWritesBothConvolutions() {
        // 1×3×4×8×8 clip, P = 256 positions; conv_xy 1×3×3 stride 2 (3 → 24 channels, 64
        // positions), then the 5×1×1 depthwise convolution (24 → 24); no biases
        MemoryTraffic t = ComplexityCounter.traffic(X3DStem.builder().outChannels(24).build(), 4, 8, 8);
        long p = 4 * 8 * 8;
        assertEquals(new MemoryTraffic(4 * (3 * p + 24 * p / 4), 4 * (24 * p / 4 + 24 * p / 4), 0,
                0, 4 * (24 * 3 * 9 + 24 * 5)), t);
    }

    @Test
    void residualBlockAddsItsShortcutRead() {
        // X3D bottleneck 8 → 16 → 8, stride 1, block 1 (no SE): identity shortcut
        ResidualBlock block = ResidualBlock.builder().context(new TransformContext(8, 16, 8, 1, 1))
                .transform(X3DBottleneck.factory()).build();
        MemoryTraffic t = ComplexityCounter.traffic(block, new Shape(1, 8, 2, 6, 6));
        long p = 2 * 6 * 6;
        assertEquals(new MemoryTraffic(4 * (8 * p + 16 * p + 16 * p), // a, b, c
                4 * (16 * p + 16 * p + 8 * p), 4 * 8 * p, 0,
                4 * (16 * 8 + 16 * 27 + 8 * 16)), t);
    }

    @Test
    void d2plus1dUnitCountsItsSqueezeAndItsOwnResidualSum() {
        // 8 → 16 → 8, stride 1: expand, spatial 1×3×3 and temporal 3×1×1 depthwise, SE (pooling
        // read of the 16-channel map, two biased 1×1×1 layers on the pooled vector), reduce, and
        // the unit's own sum reading its 8-channel input
        D2Plus1D unit = D2Plus1D.builder().inChannels(8).innerChannels(16).build();
        long r = SqueezeExcitation.builder().channels(16).build().reducedChannels();
        long p = 3 * 5 * 5;
        MemoryTraffic t = ComplexityCounter.traffic(unit, new Shape(1, 8, 3, 5, 5));
        assertEquals(new MemoryTraffic(
                4 * (8 * p + 16 * p + 16 * p + 16 + r + 16 * p),
                4 * (16 * p + 16 * p + 16 * p + r + 16 + 8 * p),
                4 * 8 * p, 4 * 16 * p,
                4 * (8 * 16 + 16 * 9 + 16 * 3 + (16 * r + r) + (r * 16 + 16) + 16 * 8)), t);
    }

    @Test
    void stridedD2plus1dUnitHasNoSum() {
        // 8 → 16 → 8 at spatial stride 2, no SE: 32 positions in, 8 out, no residual
        D2Plus1D unit = D2Plus1D.builder().inChannels(8).innerChannels(16).spatialStride(2)
                .squeezeExcitation(false).build();
        MemoryTraffic t = ComplexityCounter.traffic(unit, new Shape(1, 8, 2, 4, 4));
        assertEquals(new MemoryTraffic(4 * (8 * 32 + 16 * 32 + 16 * 8 + 16 * 8),
                4 * (16 * 32 + 16 * 8 + 16 * 8 + 8 * 8), 0, 0,
                4 * (8 * 16 + 16 * 9 + 16 * 3 + 16 * 8)), t);
    }

    @Test
    void headPoolsItsWideMapOnce() {
        // 16 → 32 conv_5 over 4×2×2 positions, its output read by the (4, 2, 2) pool, lin_5
        // 32 → 64 on the pooled vector, the projection 64 → 10 with its bias
        X3DHead head = X3DHead.builder().inChannels(16).innerChannels(32).lin5Channels(64)
                .numClasses(10).frames(4).trainCrop(64).build();
        MemoryTraffic t = ComplexityCounter.traffic(head, new Shape(1, 16, 4, 2, 2));
        assertEquals(new MemoryTraffic(4 * (16 * 16 + 32 + 64), 4 * (32 * 16 + 64 + 10), 0,
                4 * 32 * 16, 4 * (16 * 32 + 32 * 64 + 64 * 10 + 10)), t);
    }

    @Test
    void tOsaIsItsUnitsPlusOneProductOverTheConcatenation() {
        // two units (SE on the first), the block input joining the concatenation: 8 + 8 + 8
        // channels into the 1×1×1 aggregation (24 → 8); the concatenation itself moves nothing
        Shape in = new Shape(1, 8, 2, 4, 4);
        long p = 2 * 4 * 4;
        MemoryTraffic tosa = ComplexityCounter.traffic(TemporalOneShotAggregation.builder()
                .inChannels(8).innerChannels(16).outChannels(8).numUnits(2).build(), in);
        MemoryTraffic withSe = ComplexityCounter.traffic(
                D2Plus1D.builder().inChannels(8).innerChannels(16).build(), in);
        MemoryTraffic withoutSe = ComplexityCounter.traffic(D2Plus1D.builder().inChannels(8)
                .innerChannels(16).squeezeExcitation(false).build(), in);
        assertEquals(new MemoryTraffic(
                withSe.inputBytes() + withoutSe.inputBytes() + 4 * 24 * p,
                withSe.outputBytes() + withoutSe.outputBytes() + 4 * 8 * p,
                withSe.shortcutBytes() + withoutSe.shortcutBytes(),
                withSe.poolingBytes() + withoutSe.poolingBytes(),
                withSe.weightBytes() + withoutSe.weightBytes() + 4 * 24 * 8), tosa);
    }

    /**
     * Pinned: this counter's output once the blocks above held, and consistent with a separate
     * tally made in review (VoV3D-M: 65 MB of shortcut reads, of which 53 MB inside the D(2+1)D
     * units; 72 MB of SE pooling reads, plus the head's pool).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "vov3d_m, 596217984, 519348672, 64727040, 73256960, 14527040",
        "vov3d_l, 836975744, 731606208, 95735808, 105971712, 24937920",
        "x3d_m, 378602720, 351658080, 43954176, 60963840, 15051432",
        "x3d_l, 617054168, 590109528, 87306240, 107025408, 24348480"})
    void paperNetworksAtSixteenFramesOf224(String model, long in, long out, long shortcuts,
            long pooling, long weights) {
        VideoNetwork network = VideoModels.builder(ModelArchitecture.fromId(model)).numClasses(400)
                .frames(16).trainCrop(224).build();
        assertEquals(new MemoryTraffic(in, out, shortcuts, pooling, weights),
                ComplexityCounter.traffic(network, 16, 224, 224));
    }

    @Test
    void countsOneClipOnly() {
        D2Plus1D unit = D2Plus1D.builder().inChannels(8).innerChannels(16).build();
        assertThrows(IllegalArgumentException.class,
                () -> ComplexityCounter.traffic(unit, new Shape(2, 8, 2, 4, 4)));
        assertThrows(IllegalArgumentException.class,
                () -> ComplexityCounter.traffic(unit, new Shape(8, 2, 4, 4)));
    }
}
