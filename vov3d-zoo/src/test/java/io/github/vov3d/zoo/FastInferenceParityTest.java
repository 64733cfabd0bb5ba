package io.github.vov3d.zoo;

import static io.github.vov3d.zoo.GoldenParityTest.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.vov3d.api.npy.NpyArray;
import io.github.vov3d.blocks.inference.CompiledNetwork;
import io.github.vov3d.blocks.inference.FastInference;
import io.github.vov3d.blocks.inference.InferenceKernels;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast inference path ({@link FastInference}) against the upstream PyTorch outputs of every
 * golden case: eval output within 1e-4 (the bound), projection and last-stage features
 * within 2e-4 of their largest magnitude, and the same for the fully convolutional variant —
 * with each kernel set ({@link InferenceKernels}): the library's native kernels, which users get
 * by default on Linux x86-64 CPUs with AVX-512, libtorch's fused oneDNN kernels (scripted and op
 * by op), the default elsewhere on the CPU, and DJL's ops.
 */
class FastInferenceParityTest {

    static List<GoldenCase> cases() {
        return GoldenCase.all();
    }

    private static LoadedNetwork load(GoldenCase c, int trainCrop) throws IOException {
        return CheckpointLoader.load(c.checkpoint(), LoadOptions.defaults()
                .withFrames(c.frames()).withTrainCrop(trainCrop));
    }

    private static NDArray input(NDManager m, GoldenCase c) {
        NpyArray in = c.npy("input.npy");
        return m.create(in.data(), new Shape(in.shape()));
    }

    /**
     * @return every golden case with each kernel set a compiled network can run on here (the
     *     native kernels where they load: {@code NativeKernelsTest} checks that they do on every
     *     machine that should run them)
     */
    static Stream<Arguments> casesAndKernels() {
        boolean nativeHere = FastInference.nativeKernelsUnavailableReason().isEmpty();
        return GoldenCase.all().stream().flatMap(c -> Arrays.stream(InferenceKernels.values())
                .filter(k -> nativeHere || k != InferenceKernels.NATIVE)
                .map(k -> Arguments.of(c, k)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("casesAndKernels")
    void compiledEvalOutputMatchesTheReference(GoldenCase c, InferenceKernels kernels)
            throws IOException {
        try (LoadedNetwork net = load(c, c.trainCrop());
                CompiledNetwork fast = FastInference.compile(net.network(), kernels);
                NDManager m = net.model().getNDManager().newSubManager()) {
            NDArray x = input(m, c);
            float d = maxAbsDiff(fast.predict(x), c.npy("output.npy"), "output");
            assertTrue(d <= 1e-4f, kernels + ": compiled eval output differs by " + d);
            assertClose(fast.features(x), c.npy("s5_features.npy"), kernels + " s5 features");
            assertClose(fast.positionLogits(x), c.npy("projection.npy"), kernels + " projection");
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("casesAndKernels")
    void compiledFullyConvolutionalOutputMatchesTheReference(GoldenCase c,
            InferenceKernels kernels) throws IOException {
        int crop = c.fullyConvolutionalTrainCrop().orElseThrow(
                () -> new AssertionError(c + ": manifest has no fullyconv_variant"));
        try (LoadedNetwork net = load(c, crop);
                CompiledNetwork fast = FastInference.compile(net.network(), kernels);
                NDManager m = net.model().getNDManager().newSubManager()) {
            NDArray x = input(m, c);
            float d = maxAbsDiff(fast.predict(x), c.npy("fullyconv_output.npy"), "output");
            assertTrue(d <= 1e-4f, kernels + ": compiled fully convolutional output differs by "
                    + d);
            assertClose(fast.positionLogits(x), c.npy("fullyconv_projection.npy"),
                    kernels + " projection");
        }
    }

    /**
     * What users get without asking: the library's native kernels where they run (Linux x86-64
     * with AVX-512, as on the machines this project is tested on), else libtorch's kernels with
     * the stages scripted.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theDefaultCompileTakesTheFastestKernelsOnTheCpu(GoldenCase c) throws IOException {
        try (LoadedNetwork net = load(c, c.trainCrop());
                CompiledNetwork fast = FastInference.compile(net.network())) {
            InferenceKernels expected = FastInference.nativeKernelsUnavailableReason().isEmpty()
                    ? InferenceKernels.NATIVE : InferenceKernels.LIBTORCH_SCRIPTED;
            assertEquals(expected, fast.kernels());
        }
    }

    /**
     * Unnormalised intermediates (features up to ~18, logits) are compared relative to their
     * largest magnitude: folding BN and fusing kernels reorders float32 sums over 30+ layers,
     * which moves values by about 1e-4 of their scale (the straightforward network, with the
     * reference's operation order, stays within 1e-3 absolute).
     */
    private static void assertClose(NDArray actual, NpyArray expected, String what) {
        float scale = 0;
        for (float v : expected.data()) {
            scale = Math.max(scale, Math.abs(v));
        }
        float d = maxAbsDiff(actual, expected, what);
        assertTrue(d <= 2e-4f * Math.max(1f, scale), what + " differs by " + d
                + " (largest magnitude " + scale + ")");
    }
}
