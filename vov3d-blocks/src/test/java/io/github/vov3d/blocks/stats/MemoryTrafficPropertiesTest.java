package io.github.vov3d.blocks.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.Shape;
import io.github.vov3d.api.MemoryTraffic;
import io.github.vov3d.blocks.ResidualBlock;
import io.github.vov3d.blocks.TransformContext;
import io.github.vov3d.blocks.X3DBottleneck;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * For any widths, stride and clip size, an X3D residual block without SE moves exactly what
 * its layers' shapes say: conv_a at the input's positions, the strided depthwise conv_b, conv_c
 * at the output's, a projection where the shape changes, and the shortcut read of the sum.
 */
class MemoryTrafficPropertiesTest {

    @Property(tries = 40)
    void residualBlockTrafficFollowsItsShapes(
            @ForAll @IntRange(min = 1, max = 12) int in,
            @ForAll @IntRange(min = 1, max = 16) int inner,
            @ForAll @IntRange(min = 1, max = 12) int out,
            @ForAll @IntRange(min = 1, max = 2) int stride,
            @ForAll @IntRange(min = 1, max = 4) int frames,
            @ForAll @IntRange(min = 1, max = 9) int size) {
        ResidualBlock block = ResidualBlock.builder()
                .context(new TransformContext(in, inner, out, stride, 1))
                .transform(X3DBottleneck.factory()).build();
        MemoryTraffic t = ComplexityCounter.traffic(block, new Shape(1, in, frames, size, size + 1));
        long pIn = (long) frames * size * (size + 1);
        long pOut = (long) frames * ceil(size, stride) * ceil(size + 1, stride);
        boolean projection = in != out || stride != 1;
        long inputs = in * pIn + inner * pIn + inner * pOut + (projection ? in * pIn : 0);
        long outputs = inner * pIn + inner * pOut + out * pOut + (projection ? out * pOut : 0);
        long weights = inner * in + inner * 27L + out * inner + (projection ? (long) out * in : 0);
        assertEquals(new MemoryTraffic(4 * inputs, 4 * outputs, 4 * out * pOut, 0, 4 * weights), t);
    }

    private static long ceil(int n, int d) {
        return (n + d - 1) / d;
    }
}
