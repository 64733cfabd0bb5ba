package io.github.vov3d.blocks.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.pooling.Pool;
import io.github.vov3d.blocks.Nonlinearity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every native kernel against the same function written with DJL's ops on the channels-first
 * layout, at random sizes: channel counts that are and are not whole vectors, odd extents,
 * strides, padding, every fused activation, a gate, a residual addend written over in place. A
 * single record is run as a program of its own ({@link NativeProgramWriter}), so each kernel is
 * checked alone; {@code FastInferenceTest} and the golden parity tests check them together.
 */
class NativeKernelsTest {
    private static final float TOLERANCE = 2e-5f;
    private static final Nonlinearity[] ACTIVATIONS = {null, Nonlinearity.RELU, Nonlinearity.SWISH};

    /**
     * The kernels load exactly where they should: on Linux x86-64 with AVX-512F and FMA from a
     * build that carries them (all of this project's machines) — a build that silently lost
     * them would otherwise pass every other test on libtorch's kernels — and nowhere else.
     */
    @Test
    void theKernelsLoadExactlyWhereTheyShould() throws IOException {
        assertEquals(expectedHere(), NativeKernels.available(),
                NativeKernels.unavailableReason().orElse("the kernels loaded"));
    }

    /**
     * @return whether the native kernels must load in this JVM: Linux x86-64, AVX-512F and FMA,
     *     a build that carries the library (built unless {@code -Dvov3d.native.skip=true}), not
     *     turned off with {@code -Dvov3d.inference.native=false}
     */
    static boolean expectedHere() throws IOException {
        if (System.getProperty(NativeKernels.PROPERTY, "true").trim().equalsIgnoreCase("false")) {
            return false;
        }
        boolean linuxX64 = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                && System.getProperty("os.arch").equals("amd64");
        if (!linuxX64) {
            return false;
        }
        String cpu = Files.readString(Path.of("/proc/cpuinfo"));
        return cpu.contains(" avx512f") && cpu.contains(" fma")
                && NativeKernels.class.getResource("/native/linux-x86_64/libvov3d_kernels.so") != null;
    }

    /** The kernel tests below run where the kernels do (see the test above for where that is). */
    private static void assumeNative() {
        Assumptions.assumeTrue(NativeKernels.available(),
                () -> NativeKernels.unavailableReason().orElse(""));
    }

    @Property(tries = 30)
    void depthwiseMatchesConv3d(
            @ForAll @IntRange(min = 1, max = 2) int batch,
            @ForAll @IntRange(min = 1, max = 70) int channels,
            @ForAll @IntRange(min = 1, max = 5) int frames,
            @ForAll @IntRange(min = 1, max = 19) int size,
            @ForAll @IntRange(min = 0, max = 2) int temporalHalf,
            @ForAll @IntRange(min = 0, max = 2) int spatialHalf,
            @ForAll @IntRange(min = 1, max = 2) int temporalStride,
            @ForAll @IntRange(min = 1, max = 2) int spatialStride,
            @ForAll @IntRange(min = 0, max = 2) int activation) {
        assumeNative();
        int kt = 2 * temporalHalf + 1;
        int k = 2 * spatialHalf + 1;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(batch, channels, frames, size, size + 2));
            NDArray w = m.randomNormal(new Shape(channels, 1, kt, k, k));
            NDArray b = m.randomNormal(new Shape(channels));
            Shape stride = new Shape(temporalStride, spatialStride, spatialStride);
            Shape padding = new Shape(temporalHalf, spatialHalf, spatialHalf);
            Nonlinearity act = ACTIVATIONS[activation];
            NDArray expected = activate(act, Conv3d.conv3d(x, w, b, stride, padding,
                    new Shape(1, 1, 1), channels).singletonOrThrow());
            NativeProgramWriter out = new NativeProgramWriter();
            int in = out.channelsLast();
            int y = out.depthwise(in, w.toFloatArray(), b.toFloatArray(), channels,
                    new int[] {kt, k, k}, ints(stride), ints(padding), act);
            out.result(y);
            assertMatches(expected, run(out, x), "depthwise " + w.getShape() + " " + act);
        }
    }

    /**
     * The fused expansion + depthwise record against the two layers apart: the expanded frames
     * it keeps in a ring must be the right ones for every temporal kernel, stride and padding.
     * Form 0 takes the whole-activation form; form 1 the ring with the kernels' own budget
     * (whole bands, or at these sizes a thread's share of channels); form 2 a ring budget so
     * small that every output row is a sub-band of its own, whose input rows are filled again
     * for each; form 3 a budget of a few rows per sub-band.
     */
    @Property(tries = 60)
    void expansionFusedIntoTheDepthwiseMatchesBothLayers(
            @ForAll @IntRange(min = 0, max = 3) int form,
            @ForAll @IntRange(min = 1, max = 2) int batch,
            @ForAll @IntRange(min = 1, max = 40) int in,
            @ForAll @IntRange(min = 1, max = 70) int channels,
            @ForAll @IntRange(min = 1, max = 7) int frames,
            @ForAll @IntRange(min = 1, max = 13) int size,
            @ForAll @IntRange(min = 0, max = 2) int temporalHalf,
            @ForAll @IntRange(min = 0, max = 2) int spatialHalf,
            @ForAll @IntRange(min = 1, max = 2) int temporalStride,
            @ForAll @IntRange(min = 1, max = 2) int spatialStride,
            @ForAll boolean relu,
            @ForAll @IntRange(min = 0, max = 2) int activation) {
        assumeNative();
        int kt = 2 * temporalHalf + 1;
        int k = 2 * spatialHalf + 1;
        int fuseFrom = form == 0 ? Integer.MAX_VALUE : 0;
        int ringBytes = form == 2 ? 1 : form == 3 ? 16 * 1024 : 0;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(batch, in, frames, size, size + 1));
            NDArray e = m.randomNormal(0f, 0.3f, new Shape(channels, in, 1, 1, 1), x.getDataType());
            NDArray eb = m.randomNormal(new Shape(channels));
            NDArray w = m.randomNormal(new Shape(channels, 1, kt, k, k));
            NDArray b = m.randomNormal(new Shape(channels));
            Shape stride = new Shape(temporalStride, spatialStride, spatialStride);
            Shape padding = new Shape(temporalHalf, spatialHalf, spatialHalf);
            Nonlinearity act = ACTIVATIONS[activation];
            NDArray expanded = conv(x, e, eb);
            if (relu) {
                expanded = Activation.relu(expanded);
            }
            NDArray expected = activate(act, Conv3d.conv3d(expanded, w, b, stride, padding,
                    new Shape(1, 1, 1), channels).singletonOrThrow());
            NativeProgramWriter out = new NativeProgramWriter();
            int y = out.expandDepthwise(out.channelsLast(), e.toFloatArray(), eb.toFloatArray(),
                    in, channels, relu, w.toFloatArray(), b.toFloatArray(), new int[] {kt, k, k},
                    ints(stride), ints(padding), act, fuseFrom, ringBytes);
            out.result(y);
            assertMatches(expected, run(out, x), "expansion " + in + "→" + channels
                    + " + depthwise " + w.getShape());
        }
    }

    /**
     * The fused records split their work between however many threads run them — by rows, or
     * by channel vectors at small maps — including more threads than rows or than vectors
     * (a split by channels that left a thread no vector once divided by zero there).
     */
    @Property(tries = 12)
    void fusedRecordsAgreeAtAnyThreadCount(
            @ForAll @IntRange(min = 1, max = 6) int threads,
            @ForAll @IntRange(min = 1, max = 40) int channels,
            @ForAll @IntRange(min = 2, max = 9) int size) {
        assumeNative();
        String key = "ai.djl.pytorch.num_threads";
        String before = System.getProperty(key);
        System.setProperty(key, Integer.toString(threads));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(1, 8, 4, size, size));
            NDArray e = m.randomNormal(0f, 0.3f, new Shape(channels, 8, 1, 1, 1), x.getDataType());
            NDArray eb = m.randomNormal(new Shape(channels));
            NDArray w = m.randomNormal(new Shape(channels, 1, 3, 3, 3));
            NDArray b = m.randomNormal(new Shape(channels));
            NDArray expected = Conv3d.conv3d(Activation.relu(conv(x, e, eb)), w, b,
                    new Shape(1, 1, 1), new Shape(1, 1, 1), new Shape(1, 1, 1), channels)
                    .singletonOrThrow();
            NativeProgramWriter out = new NativeProgramWriter();
            out.result(out.expandDepthwise(out.channelsLast(), e.toFloatArray(),
                    eb.toFloatArray(), 8, channels, true, w.toFloatArray(), b.toFloatArray(),
                    new int[] {3, 3, 3}, new int[] {1, 1, 1}, new int[] {1, 1, 1}, null));
            assertMatches(expected, run(out, x), threads + " threads, " + channels
                    + " channels, " + size + "×" + size);
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }

    /**
     * {@code relu?(W · act(gate ⊙ x[::s]) + b + addend)} with the gate from the SE record, the
     * addend another product of the same input, written over in place.
     */
    @Property(tries = 40)
    void pointwiseWithItsFusionsMatchesConv3d(
            @ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 1, max = 90) int in,
            @ForAll @IntRange(min = 1, max = 110) int outputs,
            @ForAll @IntRange(min = 1, max = 4) int frames,
            @ForAll @IntRange(min = 1, max = 11) int size,
            @ForAll @IntRange(min = 1, max = 2) int stride,
            @ForAll boolean relu,
            @ForAll boolean gated,
            @ForAll boolean added,
            @ForAll boolean overAddend,
            @ForAll @IntRange(min = 0, max = 2) int inputActivation) {
        assumeNative();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(batch, in, frames, size, size));
            NDArray w = m.randomNormal(0f, 0.3f, new Shape(outputs, in, 1, 1, 1), x.getDataType());
            NDArray b = m.randomNormal(new Shape(outputs));
            NDArray w2 = m.randomNormal(0f, 0.3f, new Shape(outputs, in, 1, 1, 1),
                    x.getDataType());
            NDArray b2 = m.randomNormal(new Shape(outputs));
            int hidden = Math.max(1, in / 3);
            NDArray f1 = m.randomNormal(new Shape(hidden, in));
            NDArray c1 = m.randomNormal(new Shape(hidden));
            NDArray f2 = m.randomNormal(new Shape(in, hidden));
            NDArray c2 = m.randomNormal(new Shape(in));
            Shape s = new Shape(stride, stride, stride);
            Nonlinearity act = ACTIVATIONS[inputActivation];

            NDArray gate = gated ? gate(x, f1, c1, f2, c2) : null;
            NDArray read = gate == null ? x : x.mul(gate.reshape(batch, in, 1, 1, 1));
            read = activate(act, read);
            NDArray kept = x.get(":, :, ::" + stride + ", ::" + stride + ", ::" + stride);
            NDArray expected = conv(read.get(":, :, ::" + stride + ", ::" + stride + ", ::"
                    + stride), w, b);
            if (added) {
                expected = expected.add(conv(kept, w2, b2));
            }
            if (relu) {
                expected = Activation.relu(expected);
            }

            NativeProgramWriter out = new NativeProgramWriter();
            int none = NativeProgramWriter.NONE;
            int xs = out.channelsLast();
            int g = gated ? out.squeezeExcite(xs, f1.toFloatArray(), c1.toFloatArray(),
                    f2.toFloatArray(), c2.toFloatArray(), in, hidden) : none;
            int addend = added ? out.pointwise(xs, w2.toFloatArray(), b2.toFloatArray(), in,
                    outputs, ints(s), none, none, false, none, null) : none;
            int y = out.pointwise(xs, w.toFloatArray(), b.toFloatArray(), in, outputs, ints(s),
                    addend, overAddend ? addend : none, relu, g, act);
            out.result(y);
            assertMatches(expected, run(out, x), "pointwise " + in + "→" + outputs);
        }
    }

    @Property(tries = 20)
    void stemReadsTheChannelsFirstClip(
            @ForAll @IntRange(min = 1, max = 2) int batch,
            @ForAll @IntRange(min = 1, max = 4) int channels,
            @ForAll @IntRange(min = 1, max = 70) int outputs,
            @ForAll @IntRange(min = 1, max = 4) int frames,
            @ForAll @IntRange(min = 2, max = 23) int size,
            @ForAll @IntRange(min = 1, max = 2) int stride,
            @ForAll boolean biased) {
        assumeNative();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(batch, channels, frames, size, size + 1));
            NDArray w = m.randomNormal(new Shape(outputs, channels, 1, 3, 3));
            NDArray b = biased ? m.randomNormal(new Shape(outputs)) : null;
            NDArray expected = Conv3d.conv3d(x, w, b, new Shape(1, stride, stride),
                    new Shape(0, 1, 1), new Shape(1, 1, 1), 1).singletonOrThrow();
            NativeProgramWriter out = new NativeProgramWriter();
            out.result(stemAlone(out, w.toFloatArray(), b == null ? null : b.toFloatArray(),
                    channels, outputs, stride));
            assertMatches(expected, run(out, x), "stem " + w.getShape());
        }
    }

    /**
     * The stem fused with the depthwise convolution reading its result (X3D's temporal one, here
     * any depthwise kernel) against the two layers apart: the stem's rows kept in each thread's
     * ring must be the right frames and rows.
     */
    @Property(tries = 30)
    void stemFusedWithTheDepthwiseMatchesBothLayers(
            @ForAll @IntRange(min = 1, max = 2) int batch,
            @ForAll @IntRange(min = 1, max = 4) int channels,
            @ForAll @IntRange(min = 1, max = 70) int outputs,
            @ForAll @IntRange(min = 1, max = 7) int frames,
            @ForAll @IntRange(min = 2, max = 23) int size,
            @ForAll @IntRange(min = 1, max = 2) int stride,
            @ForAll @IntRange(min = 0, max = 2) int temporalHalf,
            @ForAll @IntRange(min = 0, max = 1) int spatialHalf,
            @ForAll @IntRange(min = 1, max = 2) int temporalStride,
            @ForAll @IntRange(min = 1, max = 2) int spatialStride,
            @ForAll @IntRange(min = 0, max = 2) int activation) {
        assumeNative();
        int kt = 2 * temporalHalf + 1;
        int k = 2 * spatialHalf + 1;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(batch, channels, frames, size, size + 1));
            NDArray w = m.randomNormal(new Shape(outputs, channels, 1, 3, 3));
            NDArray b = m.randomNormal(new Shape(outputs));
            NDArray dw = m.randomNormal(new Shape(outputs, 1, kt, k, k));
            NDArray db = m.randomNormal(new Shape(outputs));
            Shape dwStride = new Shape(temporalStride, spatialStride, spatialStride);
            Shape dwPadding = new Shape(temporalHalf, spatialHalf, spatialHalf);
            Nonlinearity act = ACTIVATIONS[activation];
            NDArray stem = Conv3d.conv3d(x, w, b, new Shape(1, stride, stride),
                    new Shape(0, 1, 1), new Shape(1, 1, 1), 1).singletonOrThrow();
            NDArray expected = activate(act, Conv3d.conv3d(stem, dw, db, dwStride, dwPadding,
                    new Shape(1, 1, 1), outputs).singletonOrThrow());
            NativeProgramWriter out = new NativeProgramWriter();
            out.result(out.stemDepthwise(w.toFloatArray(), b.toFloatArray(), channels, outputs,
                    new int[] {3, 3}, new int[] {stride, stride}, new int[] {1, 1},
                    dw.toFloatArray(), db.toFloatArray(), new int[] {kt, k, k}, ints(dwStride),
                    ints(dwPadding), act));
            assertMatches(expected, run(out, x), "stem " + w.getShape() + " + depthwise "
                    + dw.getShape());
        }
    }

    /**
     * The networks' own stem on a full-size clip: its ring then holds a part of each thread's
     * band at a time (sub-bands), which the small sizes above never need.
     */
    @Test
    void stemFusedAtTheNetworksClipSizeMatchesBothLayers() {
        assumeNative();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(1, 3, 6, 224, 224));
            NDArray w = m.randomNormal(0f, 0.3f, new Shape(24, 3, 1, 3, 3), x.getDataType());
            NDArray dw = m.randomNormal(0f, 0.3f, new Shape(24, 1, 5, 1, 1), x.getDataType());
            NDArray db = m.randomNormal(new Shape(24));
            NDArray stem = Conv3d.conv3d(x, w, null, new Shape(1, 2, 2), new Shape(0, 1, 1),
                    new Shape(1, 1, 1), 1).singletonOrThrow();
            NDArray expected = Activation.relu(Conv3d.conv3d(stem, dw, db, new Shape(1, 1, 1),
                    new Shape(2, 0, 0), new Shape(1, 1, 1), 24).singletonOrThrow());
            NativeProgramWriter out = new NativeProgramWriter();
            out.result(out.stemDepthwise(w.toFloatArray(), null, 3, 24, new int[] {3, 3},
                    new int[] {2, 2}, new int[] {1, 1}, dw.toFloatArray(), db.toFloatArray(),
                    new int[] {5, 1, 1}, new int[] {1, 1, 1}, new int[] {2, 0, 0},
                    Nonlinearity.RELU));
            assertMatches(expected, run(out, x), "the networks' stem");
        }
    }

    @Property(tries = 10)
    void averagePoolMatchesAvgPool3d(
            @ForAll @IntRange(min = 1, max = 2) int batch,
            @ForAll @IntRange(min = 1, max = 40) int channels,
            @ForAll @IntRange(min = 1, max = 4) int kt,
            @ForAll @IntRange(min = 1, max = 5) int k) {
        assumeNative();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(batch, channels, kt + 1, k + 2, k));
            NDArray expected = Pool.avgPool3d(x, new Shape(kt, k, k), new Shape(1, 1, 1),
                    new Shape(0, 0, 0), false, true);
            NativeProgramWriter out = new NativeProgramWriter();
            out.result(out.averagePool(out.channelsLast(), kt, k, k));
            assertMatches(expected, run(out, x), "pool");
        }
    }

    /** Records are checked when the program is created, before any kernel reads them. */
    @Test
    void malformedRecordsAreRefused() {
        assumeNative();
        NativeProgramWriter out = new NativeProgramWriter();
        int x = out.channelsLast();
        // a depthwise weight of 4 channels × 27 taps declared as 40 channels
        int y = out.depthwise(x, new float[4 * 27], null, 40, new int[] {3, 3, 3},
                new int[] {1, 1, 1}, new int[] {1, 1, 1}, null);
        out.result(y);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NativeProgram.load(out));
        assertTrue(e.getMessage().contains("depthwise"), e.getMessage());

        // a stem weight of 8 outputs declared as 80
        NativeProgramWriter stem = new NativeProgramWriter();
        stem.result(stem.stemDepthwise(new float[8 * 3 * 9], null, 3, 80, new int[] {3, 3},
                new int[] {2, 2}, new int[] {1, 1}, new float[80 * 5], null,
                new int[] {5, 1, 1}, new int[] {1, 1, 1}, new int[] {2, 0, 0}, null));
        e = assertThrows(IllegalArgumentException.class, () -> NativeProgram.load(stem));
        assertTrue(e.getMessage().contains("stem + depthwise"), e.getMessage());
    }

    @Test
    void aClipTooSmallForTheNetworkIsAClearError() {
        assumeNative();
        try (NDManager m = NDManager.newBaseManager()) {
            NativeProgramWriter out = new NativeProgramWriter();
            out.result(out.averagePool(out.channelsLast(), 4, 7, 7));
            try (NativeProgram program = NativeProgram.load(out)) {
                NDArray clip = m.randomNormal(new Shape(1, 3, 4, 6, 6));
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> program.run(clip, false, null));
                assertTrue(e.getMessage().contains("(1, 3, 4, 6, 6)")
                        && e.getMessage().contains("too small"), e.getMessage());
            }
        }
    }

    @Test
    void aClipWithOtherChannelsIsAClearError() {
        assumeNative();
        try (NDManager m = NDManager.newBaseManager()) {
            NativeProgramWriter out = new NativeProgramWriter();
            out.result(stemAlone(out, new float[8 * 3 * 9], null, 3, 8, 2));
            try (NativeProgram program = NativeProgram.load(out)) {
                NDArray grey = m.randomNormal(new Shape(1, 1, 2, 8, 8));
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> program.run(grey, false, null));
                assertTrue(e.getMessage().contains("channels"), e.getMessage());
            }
        }
    }

    @Test
    void aClosedProgramRefusesToRun() {
        assumeNative();
        try (NDManager m = NDManager.newBaseManager()) {
            NativeProgramWriter out = new NativeProgramWriter();
            out.result(out.channelsLast());
            NativeProgram program = NativeProgram.load(out);
            program.close();
            program.close(); // twice is harmless
            assertThrows(IllegalStateException.class,
                    () -> program.run(m.ones(new Shape(1, 1, 1, 1, 1)), false, null));
        }
    }

    @Test
    void buffersAreReleasedExactlyOnce() {
        NativeProgramWriter out = new NativeProgramWriter();
        int x = out.channelsLast();
        out.free(x);
        assertThrows(IllegalStateException.class, () -> out.free(x));
    }

    /**
     * A 1×3×3 stem (padding 1) on its own: the stem record with an identity depthwise layer
     * after it (weight 1, bias 0, no activation), which passes its values on exactly.
     */
    private static int stemAlone(NativeProgramWriter out, float[] weight, float[] bias, int in,
            int outputs, int stride) {
        float[] identity = new float[outputs];
        Arrays.fill(identity, 1f);
        return out.stemDepthwise(weight, bias, in, outputs, new int[] {3, 3},
                new int[] {stride, stride}, new int[] {1, 1}, identity, null, new int[] {1, 1, 1},
                new int[] {1, 1, 1}, new int[] {0, 0, 0}, null);
    }

    private static NDArray run(NativeProgramWriter out, NDArray clip) {
        try (NativeProgram program = NativeProgram.load(out)) {
            return program.run(clip, false, null);
        }
    }

    private static NDArray conv(NDArray x, NDArray w, NDArray b) {
        return Conv3d.conv3d(x, w, b, new Shape(1, 1, 1), new Shape(0, 0, 0), new Shape(1, 1, 1),
                1).singletonOrThrow();
    }

    private static NDArray gate(NDArray x, NDArray f1, NDArray c1, NDArray f2, NDArray c2) {
        NDArray pooled = x.reshape(x.getShape().get(0), x.getShape().get(1), -1)
                .mean(new int[] {2});
        NDArray hidden = Activation.relu(pooled.matMul(f1.transpose()).add(c1));
        return Activation.sigmoid(hidden.matMul(f2.transpose()).add(c2));
    }

    private static NDArray activate(Nonlinearity activation, NDArray x) {
        return activation == null ? x : activation.apply(x);
    }

    /** Compares a channels-last native result with a channels-first expectation. */
    private static void assertMatches(NDArray expected, NDArray actual, String what) {
        NDArray last = expected.transpose(0, 2, 3, 4, 1);
        assertEquals(last.getShape(), actual.getShape(), what);
        float scale = Math.max(1f, last.abs().max().getFloat());
        float error = last.sub(actual).abs().max().getFloat();
        assertTrue(error <= TOLERANCE * scale, what + " differs by " + error + " (scale " + scale
                + ")");
    }

    private static int[] ints(Shape shape) {
        int[] values = new int[shape.dimension()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (int) shape.get(i);
        }
        return values;
    }
}
