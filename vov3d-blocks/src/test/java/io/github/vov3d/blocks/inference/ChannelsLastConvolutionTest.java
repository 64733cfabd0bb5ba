package io.github.vov3d.blocks.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.nn.convolutional.Conv3d;
import io.github.vov3d.blocks.Layers;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The compiled ops work on channels-last arrays and pick a different libtorch call per kind of
 * convolution. Every kind must compute what {@code conv3d} computes on the usual channels-first
 * layout, at any size: libtorch 2.7.1's oneDNN 1×1×1 convolution on channels-last input does not
 * (it returned wrong values at several of VoV3D's own sizes), which is why pointwise convolutions
 * never take that route, and this test is what keeps it that way. Every check runs with both
 * kernel sets a compiled network can have: DJL's ops and libtorch's fused oneDNN kernels.
 */
class ChannelsLastConvolutionTest {
    private static final Shape ONE = new Shape(1, 1, 1);

    @Property(tries = 25)
    void pointwiseMatchesChannelsFirst(
            @ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 1, max = 96) int in,
            @ForAll @IntRange(min = 1, max = 96) int out,
            @ForAll @IntRange(min = 1, max = 2) int stride,
            @ForAll @IntRange(min = 1, max = 6) int frames,
            @ForAll @IntRange(min = 1, max = 20) int size) {
        assertMatches(new Shape(batch, in, frames, size, size), new Shape(out, in, 1, 1, 1),
                new Shape(1, stride, stride), new Shape(0, 0, 0), 1);
    }

    @Property(tries = 30)
    void depthwiseMatchesChannelsFirst(
            @ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 1, max = 96) int channels,
            @ForAll @IntRange(min = 1, max = 2) int stride,
            @ForAll @IntRange(min = 0, max = 2) int temporalHalf,
            @ForAll @IntRange(min = 0, max = 1) int spatialHalf,
            @ForAll @IntRange(min = 1, max = 6) int frames,
            @ForAll @IntRange(min = 1, max = 20) int size) {
        int kt = 2 * temporalHalf + 1;
        int k = 2 * spatialHalf + 1;
        assertMatches(new Shape(batch, channels, frames, size, size),
                new Shape(channels, 1, kt, k, k), new Shape(1, stride, stride),
                new Shape(temporalHalf, spatialHalf, spatialHalf), channels);
    }

    @Property(tries = 10)
    void stemConvolutionMatchesChannelsFirst(
            @ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 1, max = 32) int out,
            @ForAll @IntRange(min = 1, max = 6) int frames,
            @ForAll @IntRange(min = 2, max = 40) int size) {
        assertMatches(new Shape(batch, 3, frames, size, size), new Shape(out, 3, 1, 3, 3),
                new Shape(1, 2, 2), new Shape(0, 1, 1), 1);
    }

    /** Dense one-frame kernels run as {@code conv2d} over the frames ({@link FoldedConv}). */
    @Property(tries = 30)
    void frameWiseConvolutionMatchesChannelsFirst(
            @ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 1, max = 16) int in,
            @ForAll @IntRange(min = 1, max = 32) int out,
            @ForAll @IntRange(min = 1, max = 5) int kh,
            @ForAll @IntRange(min = 1, max = 5) int kw,
            @ForAll @IntRange(min = 1, max = 3) int stride,
            @ForAll @IntRange(min = 0, max = 2) int pad,
            @ForAll @IntRange(min = 1, max = 6) int frames,
            @ForAll @IntRange(min = 0, max = 12) int extraHeight,
            @ForAll @IntRange(min = 0, max = 12) int extraWidth) {
        Assume.that(kh * kw > 1);
        Shape weight = new Shape(out, in, 1, kh, kw);
        Shape strides = new Shape(1, stride, stride);
        Shape padding = new Shape(0, pad, pad);
        assertTrue(FoldedConv.isFrameWise(weight, strides, padding, 1));
        FoldedConv conv = assertMatches(new Shape(batch, in, frames, kh + extraHeight,
                kw + extraWidth), weight, strides, padding, 1);
        assertTrue(conv.runsFrameWise());
    }

    @Test
    void onlyDenseOneFrameKernelsRunFrameWise() {
        Shape one = new Shape(1, 1, 1);
        Shape none = new Shape(0, 0, 0);
        assertTrue(FoldedConv.isFrameWise(new Shape(24, 3, 1, 3, 3), new Shape(1, 2, 2),
                new Shape(0, 1, 1), 1));
        // depthwise, deeper than a frame, strided or padded along time, or a 1×1 kernel: conv3d
        assertFalse(FoldedConv.isFrameWise(new Shape(24, 1, 1, 3, 3), one, none, 24));
        assertFalse(FoldedConv.isFrameWise(new Shape(24, 3, 3, 3, 3), one, none, 1));
        assertFalse(FoldedConv.isFrameWise(new Shape(24, 3, 1, 3, 3), new Shape(2, 1, 1), none, 1));
        assertFalse(FoldedConv.isFrameWise(new Shape(24, 3, 1, 3, 3), one, new Shape(1, 0, 0), 1));
        assertFalse(FoldedConv.isFrameWise(new Shape(24, 3, 1, 1, 1), one, new Shape(0, 1, 1), 1));
    }

    /** The sizes the networks really run at, where a size-dependent kernel bug would show. */
    @Test
    void realNetworkSizesMatchChannelsFirst() {
        // D(2+1)D's fused 3×3×3 depthwise at VoV3D-M's stage 2, plain and strided
        assertMatches(new Shape(1, 40, 16, 56, 56), new Shape(40, 1, 3, 3, 3), ONE,
                new Shape(1, 1, 1), 40);
        assertMatches(new Shape(1, 40, 16, 112, 112), new Shape(40, 1, 3, 3, 3),
                new Shape(1, 2, 2), new Shape(1, 1, 1), 40);
        // X3D-M's 3×3×3 depthwise at stage 3, strided
        assertMatches(new Shape(1, 108, 16, 56, 56), new Shape(108, 1, 3, 3, 3),
                new Shape(1, 2, 2), new Shape(1, 1, 1), 108);
        // the stem: 1×3×3 3→24 (X3D) or 3→20 (VoV3D-M) at stride 2, then the 5×1×1 depthwise
        assertTrue(assertMatches(new Shape(1, 3, 16, 224, 224), new Shape(24, 3, 1, 3, 3),
                new Shape(1, 2, 2), new Shape(0, 1, 1), 1).runsFrameWise());
        assertMatches(new Shape(2, 3, 16, 224, 224), new Shape(20, 3, 1, 3, 3),
                new Shape(1, 2, 2), new Shape(0, 1, 1), 1);
        assertMatches(new Shape(1, 3, 16, 256, 320), new Shape(20, 3, 1, 3, 3),
                new Shape(1, 2, 2), new Shape(0, 1, 1), 1);
        assertMatches(new Shape(1, 24, 16, 112, 112), new Shape(24, 1, 5, 1, 1), ONE,
                new Shape(2, 0, 0), 24);
    }

    @Test
    void fallbackBlocksSeeAChannelsFirstCopy() {
        // a custom transform whose 1×1×1 convolution would be wrong on channels-last strides
        try (NDManager m = NDManager.newBaseManager()) {
            Shape input = new Shape(1, 80, 16, 28, 28);
            Block block = Layers.pointwise(40);
            block.initialize(m, DataType.FLOAT32, input);
            NDArray x = m.randomNormal(input);
            ParameterStore store = new ParameterStore(m, false);
            NDArray expected = block.forward(store, new NDList(x), false).singletonOrThrow();
            NDArray actual = ChannelsLast.toChannelsFirst(
                    new GenericBlockOp(block, store).apply(ChannelsLast.of(x)));
            float diff = expected.sub(actual).abs().max().getFloat();
            assertTrue(diff <= 1e-5f * Math.max(1f, expected.abs().max().getFloat()),
                    "fallback differs by " + diff);
        }
    }

    @Test
    void vov3dMediumSizeWhereOneDnnPointwiseWasWrong() {
        assertMatches(new Shape(1, 80, 16, 28, 28), new Shape(40, 80, 1, 1, 1), ONE,
                new Shape(0, 0, 0), 1);
    }

    @Test
    void layoutRoundTrips() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(2, 5, 3, 4, 6));
            NDArray last = ChannelsLast.of(x);
            assertEquals(new Shape(2, 3, 4, 6, 5), last.getShape());
            assertEquals(x.transpose(0, 2, 3, 4, 1), last);
            assertEquals(x, ChannelsLast.toChannelsFirst(last));
            NDArray view = ChannelsLast.asChannelsFirst(last);
            assertEquals(x, view);
            assertEquals(last, ChannelsLast.of(view));
        }
    }

    /**
     * Checks the convolution with both kernel sets — DJL's ops, and libtorch's fused ones with
     * every step sent to libtorch whatever its size — and a pointwise one also with a residual
     * sum and ReLU fused in.
     *
     * @return the compiled convolution (on the fused kernels), which matched {@code conv3d}
     */
    private static FoldedConv assertMatches(Shape input, Shape weightShape, Shape stride,
            Shape padding, int groups) {
        try (NDManager m = NDManager.newBaseManager();
                FusedKernels fused = FusedKernelsTest.everyStepInLibtorch(m)) {
            NDArray x = m.randomNormal(input);
            NDArray w = m.randomNormal(weightShape);
            NDArray b = m.randomNormal(new Shape(weightShape.get(0)));
            NDArray expected = Conv3d.conv3d(x, w, b, stride, padding, ONE, groups)
                    .singletonOrThrow();
            NDArray addend = m.randomNormal(expected.getShape());
            NDArray expectedFused = Activation.relu(expected.add(addend));
            String where = "input " + input + ", weight " + weightShape + ", stride "
                    + stride + ", groups " + groups;
            FoldedConv conv = null;
            for (FusedKernels kernels : List.of(DjlKernels.INSTANCE, fused)) {
                conv = FoldedConv.of(m, w.toFloatArray(), weightShape, b.toFloatArray(), stride,
                        padding, groups, kernels);
                assertClose(expected, ChannelsLast.toChannelsFirst(conv.apply(ChannelsLast.of(x))),
                        kernels.kind() + ", " + where);
                if (weightShape.slice(2).equals(ONE) && groups == 1) {
                    NDArray sum = conv.apply(ChannelsLast.of(x), ChannelsLast.of(addend), true);
                    assertClose(expectedFused, ChannelsLast.toChannelsFirst(sum),
                            kernels.kind() + " with a fused sum and ReLU, " + where);
                }
            }
            return conv;
        }
    }

    private static void assertClose(NDArray expected, NDArray actual, String what) {
        assertEquals(expected.getShape(), actual.getShape(), what);
        float scale = Math.max(1f, expected.abs().max().getFloat());
        float diff = expected.sub(actual).abs().max().getFloat();
        assertTrue(diff <= 1e-5f * scale, "differs by " + diff + ": " + what);
    }
}
