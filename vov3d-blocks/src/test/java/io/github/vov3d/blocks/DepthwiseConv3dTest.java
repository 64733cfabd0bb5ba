package io.github.vov3d.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Both algorithms of a depthwise convolution compute the convolution as defined: same output,
 * same gradient for the input and the weight as a loop-by-loop oracle, for any clip and kernel
 * shape, including clips shorter than the kernel and longer than the banded-matrix limit. Each
 * forward runs in a scope closed before the backward pass, as in the trainer, and freed memory is
 * overwritten before backward, so a form whose saved tensors died with the scope is likely to fail
 * here (ScopedForwardTest, with a whole network's churn, catches it too).
 */
class DepthwiseConv3dTest {

    @Provide
    Arbitrary<int[]> kernels() {
        Arbitrary<Integer> odd = Arbitraries.of(1, 3, 5);
        return Arbitraries.oneOf(
                odd.map(k -> new int[] {1, k, k}), // spatial (D(2+1)D b1)
                odd.map(k -> new int[] {k, 1, 1}), // temporal (D(2+1)D b2, the stem)
                Arbitraries.just(new int[] {3, 3, 3})); // X3D's channelwise kernel
    }

    @Property(tries = 40)
    void bothAlgorithmsComputeTheConvolution(
            @ForAll("kernels") int[] kernel,
            @ForAll @IntRange(min = 1, max = 2) int batch,
            // from 2: a single-channel convolution is not depthwise for libtorch but its dense
            // path, whose backward returned wrong input gradients here (libtorch 2.7.1, conv3d and
            // conv2d, e.g. 1×5×5 on 3×2 frames; this oracle found it); no network has such a layer
            @ForAll @IntRange(min = 2, max = 6) int channels,
            @ForAll @IntRange(min = 1, max = 40) int frames,
            @ForAll @IntRange(min = 1, max = 9) int height,
            @ForAll @IntRange(min = 1, max = 9) int width,
            @ForAll @IntRange(min = 1, max = 2) int stride) {
        assertMatchesOracle(kernel, new Shape(batch, channels, frames, height, width), stride);
    }

    @Test
    void edgeCasesMatchTheOracle() {
        // just past the banded-matrix limit (the k×1 conv2d form), clips shorter than the kernel,
        // a kernel wider than the frame
        assertMatchesOracle(new int[] {3, 1, 1}, new Shape(2, 3, DepthwiseConv3d.MAX_BANDED_FRAMES + 1, 4, 5), 1);
        assertMatchesOracle(new int[] {5, 1, 1}, new Shape(1, 2, DepthwiseConv3d.MAX_BANDED_FRAMES + 1, 3, 3), 1);
        assertMatchesOracle(new int[] {5, 1, 1}, new Shape(2, 3, 2, 4, 4), 1);
        assertMatchesOracle(new int[] {1, 5, 5}, new Shape(2, 3, 3, 3, 2), 2);
    }

    private static void assertMatchesOracle(int[] kernel, Shape shape, int stride) {
        int channels = (int) shape.get(1);
        for (DepthwiseAlgorithm algorithm : DepthwiseAlgorithm.values()) {
            DepthwiseConv3d conv = DepthwiseConv3d.builder().channels(channels)
                    .kernel(kernel[0], kernel[1], kernel[2]).spatialStride(stride).algorithm(algorithm).build();
            try (NDManager m = NDManager.newBaseManager()) {
                conv.initialize(m, DataType.FLOAT32, shape);
                NDArray x = m.randomNormal(shape);
                NDArray w = conv.getParameters().get("weight").getArray();
                w.set(m.randomNormal(w.getShape()).toFloatArray());
                Gradients actual = gradients(m, x, w,
                        in -> conv.forward(new ParameterStore(m, false), new NDList(in), true).singletonOrThrow(),
                        kernel[0] * (int) shape.get(2) * (int) shape.get(2) * Float.BYTES); // the band's size
                Oracle expected = new Oracle(x, w, kernel, stride);
                String what = algorithm + " " + conv.formFor(shape) + " at " + shape;
                assertEquals(expected.outputShape, actual.output.getShape(), what + ": output shape");
                assertClose(expected.output, actual.output.toFloatArray(), what + ": output");
                assertClose(expected.inputGradient, actual.input.toFloatArray(), what + ": input gradient");
                assertClose(expected.weightGradient, actual.weight.toFloatArray(), what + ": weight gradient");
            }
        }
    }

    @Test
    void formFollowsKernelStrideAndClipLength() {
        Shape clip = new Shape(1, 4, 16, 8, 8);
        Shape longClip = new Shape(1, 4, DepthwiseConv3d.MAX_BANDED_FRAMES + 1, 8, 8);
        assertEquals(DepthwiseConv3d.Form.SPATIAL_CONV2D, fastest(1, 3, 1).formFor(clip));
        assertEquals(DepthwiseConv3d.Form.SPATIAL_CONV2D, fastest(1, 3, 2).formFor(clip));
        assertEquals(DepthwiseConv3d.Form.TEMPORAL_BANDED_PRODUCT, fastest(3, 1, 1).formFor(clip));
        assertEquals(DepthwiseConv3d.Form.TEMPORAL_CONV2D, fastest(3, 1, 1).formFor(longClip));
        assertEquals(DepthwiseConv3d.Form.CONV3D, fastest(3, 1, 2).formFor(clip), "strided temporal");
        assertEquals(DepthwiseConv3d.Form.CONV3D, fastest(3, 3, 1).formFor(clip), "full kernel");
        DepthwiseConv3d reference = DepthwiseConv3d.builder().channels(4).kernel(1, 3, 3)
                .algorithm(DepthwiseAlgorithm.CONV3D).build();
        assertEquals(DepthwiseConv3d.Form.CONV3D, reference.formFor(clip));
    }

    private static DepthwiseConv3d fastest(int kernelT, int kernelHW, int stride) {
        return DepthwiseConv3d.builder().channels(4).kernel(kernelT, kernelHW, kernelHW).spatialStride(stride).build();
    }

    @Test
    void intermediatesStayInTheCallersScope() {
        for (DepthwiseAlgorithm algorithm : DepthwiseAlgorithm.values()) {
            for (int frames : new int[] {8, DepthwiseConv3d.MAX_BANDED_FRAMES + 1}) {
                DepthwiseConv3d temporal = DepthwiseConv3d.builder().channels(4).kernel(3, 1, 1)
                        .algorithm(algorithm).build();
                DepthwiseConv3d spatial = DepthwiseConv3d.builder().channels(4).kernel(1, 3, 3).spatialStride(2)
                        .algorithm(algorithm).build();
                try (NDManager m = NDManager.newBaseManager(); NDManager params = m.newSubManager()) {
                    Shape shape = new Shape(2, 4, frames, 6, 6);
                    temporal.initialize(params, DataType.FLOAT32, shape);
                    spatial.initialize(params, DataType.FLOAT32, shape);
                    int owned = params.getManagedArrays().size();
                    try (NDManager scope = m.newSubManager()) {
                        NDArray x = scope.randomNormal(shape);
                        ParameterStore ps = new ParameterStore(scope, false);
                        spatial.forward(ps, new NDList(temporal.forward(ps, new NDList(x), false)), false);
                    }
                    assertEquals(owned, params.getManagedArrays().size(), algorithm + ", " + frames
                            + " frames: nothing computed from the weights may outlive the pass in their manager");
                }
            }
        }
    }

    @Test
    void rejectsInputOfTheWrongWidth() {
        DepthwiseConv3d conv = DepthwiseConv3d.builder().channels(4).kernel(1, 3, 3).build();
        try (NDManager m = NDManager.newBaseManager()) {
            conv.initialize(m, DataType.FLOAT32, new Shape(1, 4, 2, 5, 5));
            NDArray twice = m.randomNormal(new Shape(1, 8, 2, 5, 5));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> conv.forward(new ParameterStore(m, false), new NDList(twice), false));
            assertTrue(e.getMessage().contains("N×4×T×H×W"), e.getMessage());
        }
    }

    @Test
    void conv3dAlgorithmIsKept() {
        assertEquals(DepthwiseAlgorithm.CONV3D, Layers.depthwise(8, 3, 1, 1, DepthwiseAlgorithm.CONV3D).algorithm());
    }

    @Test
    void rejectsBadOptions() {
        assertThrows(IllegalArgumentException.class,
                () -> DepthwiseConv3d.builder().channels(4).kernel(2, 1, 1).build());
        assertThrows(IllegalArgumentException.class,
                () -> DepthwiseConv3d.builder().channels(0).kernel(3, 1, 1).build());
        assertThrows(IllegalArgumentException.class,
                () -> DepthwiseConv3d.builder().channels(4).kernel(3, 1, 1).spatialStride(0).build());
        assertThrows(IllegalArgumentException.class,
                () -> DepthwiseConv3d.builder().channels(4).kernel(3, 1, 1).algorithm(null).build());
        DepthwiseConv3d.Builder builder = DepthwiseConv3d.builder().channels(4).kernel(1, 3, 3);
        assertThrows(UnsupportedOperationException.class, () -> builder.optGroups(1));
        assertThrows(UnsupportedOperationException.class, () -> builder.optBias(true));
        assertThrows(UnsupportedOperationException.class, () -> builder.optPadding(new Shape(0, 0, 0)));
        assertThrows(UnsupportedOperationException.class, () -> builder.optStride(new Shape(1, 2, 2)));
        assertThrows(UnsupportedOperationException.class, () -> builder.optDilation(new Shape(1, 2, 2)));
        assertThrows(UnsupportedOperationException.class, () -> builder.setKernelShape(new Shape(3, 3, 3)));
        assertThrows(UnsupportedOperationException.class, () -> builder.setFilters(8));
        DepthwiseConv3d conv = builder.build();
        assertEquals(4, conv.getGroups());
        assertEquals(new Shape(0, 1, 1), conv.getPadding());
        assertTrue(!conv.isIncludeBias());
    }

    private record Gradients(NDArray output, NDArray input, NDArray weight) {}

    private static Gradients gradients(NDManager m, NDArray x, NDArray w, Function<NDArray, NDArray> forward,
            int bufferBytes) {
        NDArray input = x.duplicate();
        input.setRequiresGradient(true);
        NDArray output;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.zeroGradients();
            NDArray loss;
            try (NDManager scope = m.newSubManager()) {
                scope.tempAttachAll(input, w);
                NDArray y = forward.apply(input);
                // position-dependent weights, so every output element's gradient differs
                loss = y.mul(scope.arange(y.size()).reshape(y.getShape()).mul(0.01f).add(1f)).sum(); // see Oracle
                output = y.duplicate();
                loss.attach(m);
                output.attach(m);
            } // every intermediate of the forward is closed before backward runs
            List<ByteBuffer> scribbles = scribbleOverFreedMemory(bufferBytes);
            gc.backward(loss);
            scribbles.clear();
        }
        return new Gradients(output, input.getGradient().duplicate(), w.getGradient().duplicate());
    }

    /**
     * Lets the collector free the Java buffers of arrays closed with the forward scope, then
     * allocates blocks of a freed buffer's size filled with huge values, so that a form whose
     * saved tensors still pointed into such a buffer would read them during backward.
     */
    private static List<ByteBuffer> scribbleOverFreedMemory(int bytes) {
        System.gc();
        try {
            Thread.sleep(50); // the cleaner thread releases direct buffers
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ByteBuffer> blocks = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(bytes);
            while (b.remaining() >= 4) {
                b.putFloat(1e30f);
            }
            blocks.add(b);
        }
        return blocks;
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " size");
        float scale = 1f;
        float diff = 0f;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(diff <= 2e-5f * scale, what + " differs by " + diff + " (scale " + scale + ")");
    }

    /**
     * The convolution's output and both gradients of the weighted output sum,
     * computed by plain loops over the definition (loss: the output weighted by
     * 1 + 0.01 · flat index, as in {@link #gradients}): an oracle independent of libtorch.
     */
    private static final class Oracle {
        final Shape outputShape;
        final float[] output;
        final float[] inputGradient;
        final float[] weightGradient;

        Oracle(NDArray input, NDArray weight, int[] k, int stride) {
            Shape s = input.getShape();
            int n = (int) s.get(0);
            int c = (int) s.get(1);
            int t = (int) s.get(2);
            int h = (int) s.get(3);
            int w = (int) s.get(4);
            int ho = (h + 2 * (k[1] / 2) - k[1]) / stride + 1;
            int wo = (w + 2 * (k[2] / 2) - k[2]) / stride + 1;
            outputShape = new Shape(n, c, t, ho, wo);
            float[] x = input.toFloatArray();
            float[] f = weight.toFloatArray();
            output = new float[n * c * t * ho * wo];
            inputGradient = new float[x.length];
            weightGradient = new float[f.length];
            for (int o = 0; o < output.length; o++) {
                int j = o % wo;
                int i = o / wo % ho;
                int z = o / wo / ho % t;
                int ch = o / wo / ho / t % c;
                int b = o / wo / ho / t / c;
                float coefficient = 1f + 0.01f * o;
                for (int dz = 0; dz < k[0]; dz++) {
                    for (int di = 0; di < k[1]; di++) {
                        for (int dj = 0; dj < k[2]; dj++) {
                            int zz = z + dz - k[0] / 2;
                            int ii = i * stride + di - k[1] / 2;
                            int jj = j * stride + dj - k[2] / 2;
                            if (zz < 0 || zz >= t || ii < 0 || ii >= h || jj < 0 || jj >= w) {
                                continue;
                            }
                            int xi = (((b * c + ch) * t + zz) * h + ii) * w + jj;
                            int fi = ((ch * k[0] + dz) * k[1] + di) * k[2] + dj;
                            output[o] += f[fi] * x[xi];
                            inputGradient[xi] += coefficient * f[fi];
                            weightGradient[fi] += coefficient * x[xi];
                        }
                    }
                }
            }
        }
    }
}
