package io.github.vov3d.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Shape inference (used for initialisation and complexity counting) must agree with what the
 * forward pass really produces, for any widths, strides and clip sizes.
 */
class ShapePropertiesTest {

    private static void assertInferredShapeMatches(Block block, Shape input, boolean training) {
        try (BlockHarness h = new BlockHarness()) {
            NDArray y = h.run(block, h.randomInput(input), training);
            assertEquals(block.getOutputShapes(new Shape[] {input})[0], y.getShape());
        }
    }

    @Property(tries = 15)
    void tOsaShapes(
            @ForAll @IntRange(min = 1, max = 12) int in,
            @ForAll @IntRange(min = 1, max = 8) int halfInner,
            @ForAll @IntRange(min = 1, max = 12) int out,
            @ForAll @IntRange(min = 1, max = 2) int stride,
            @ForAll @IntRange(min = 1, max = 4) int units,
            @ForAll @IntRange(min = 1, max = 5) int frames,
            @ForAll @IntRange(min = 1, max = 9) int size) {
        Block tosa = TemporalOneShotAggregation.builder().inChannels(in).innerChannels(2 * halfInner)
                .outChannels(out).spatialStride(stride).numUnits(units).build();
        assertInferredShapeMatches(tosa, new Shape(1, in, frames, size, size + 1), false);
    }

    @Property(tries = 15)
    void residualX3dShapes(
            @ForAll @IntRange(min = 1, max = 12) int in,
            @ForAll @IntRange(min = 1, max = 16) int inner,
            @ForAll @IntRange(min = 1, max = 12) int out,
            @ForAll @IntRange(min = 1, max = 3) int stride,
            @ForAll @IntRange(min = 1, max = 4) int frames,
            @ForAll @IntRange(min = 1, max = 9) int size) {
        Block block = ResidualBlock.builder()
                .context(new TransformContext(in, inner, out, stride, 0))
                .transform(X3DBottleneck.factory()).build();
        assertInferredShapeMatches(block, new Shape(2, in, frames, size, size), true);
    }

    @Property(tries = 10)
    void d2plus1dShapes(
            @ForAll @IntRange(min = 1, max = 12) int in,
            @ForAll @IntRange(min = 2, max = 16) int inner,
            @ForAll @IntRange(min = 1, max = 2) int stride,
            @ForAll @IntRange(min = 0, max = 2) int kernelHalf,
            @ForAll @IntRange(min = 1, max = 8) int size) {
        Block unit = D2Plus1D.builder().inChannels(in).innerChannels(inner).spatialStride(stride)
                .temporalKernel(2 * kernelHalf + 1).build();
        assertInferredShapeMatches(unit, new Shape(1, in, 3, size, size), false);
    }
}
