package io.github.vov3d.blocks.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.github.vov3d.blocks.Layers;
import io.github.vov3d.blocks.Nonlinearity;
import io.github.vov3d.blocks.SePlacement;
import io.github.vov3d.blocks.TemporalOneShotAggregation;
import io.github.vov3d.blocks.X3DBottleneck;
import io.github.vov3d.blocks.X3DHead;
import io.github.vov3d.blocks.network.VideoNetwork;
import io.github.vov3d.blocks.network.VoV3D;
import io.github.vov3d.blocks.network.X3D;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The compiled network computes the same eval function as the network it came from, for VoV3D,
 * X3D and a custom mix with a transform the compiler does not know (kept as it is): with the
 * stages scripted, op by op on libtorch's fused kernels (as routed by size, and with every step
 * in libtorch) and on DJL's ops. Parameters and BN statistics are randomised so that every fold
 * is exercised with non-trivial values.
 */
class FastInferenceTest {
    private static final Shape CLIP = new Shape(2, 3, 4, 64, 64);

    @Test
    void vov3dMatches() {
        assertCompiledMatches(VoV3D.medium().numClasses(7).frames(4).trainCrop(64).build(), CLIP,
                fastestHere());
    }

    @Test
    void x3dMatchesFullyConvolutionally() {
        // head sized for 32 pixels on a 64-pixel clip: a 2×2 grid of positions is averaged
        assertCompiledMatches(X3D.xs().numClasses(5).frames(4).trainCrop(32).build(), CLIP,
                fastestHere());
    }

    /** @return what the default compile chooses for the library's networks in this JVM */
    private static InferenceKernels fastestHere() {
        return NativeKernels.available() ? InferenceKernels.NATIVE
                : InferenceKernels.LIBTORCH_SCRIPTED;
    }

    /** {@code -Dvov3d.inference.native=false} keeps the default on libtorch's kernels. */
    @Test
    void theNativeKernelsCanBeTurnedOff() {
        try (NDManager m = NDManager.newBaseManager()) {
            VideoNetwork net = X3D.xs().numClasses(3).frames(4).trainCrop(32).build();
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 4, 32, 32));
            System.setProperty(NativeKernels.PROPERTY, "false");
            try (CompiledNetwork fast = FastInference.compile(net)) {
                assertEquals(InferenceKernels.LIBTORCH_SCRIPTED, fast.kernels());
                assertTrue(FastInference.nativeKernelsUnavailableReason().orElseThrow()
                        .contains(NativeKernels.PROPERTY));
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> FastInference.compile(net, InferenceKernels.NATIVE));
                assertTrue(e.getMessage().contains(NativeKernels.PROPERTY), e.getMessage());
            } finally {
                System.clearProperty(NativeKernels.PROPERTY);
            }
        }
    }

    @Test
    void customNetworkWithUnknownTransformFallsBack() {
        VideoNetwork net = VideoNetwork.builder()
                .stem(8)
                .stage(2, 16, 8, TemporalOneShotAggregation.factory(TemporalOneShotAggregation
                        .builder().numUnits(2).sePlacement(SePlacement.ALL)
                        .activation(Nonlinearity.RELU).temporalKernel(5)))
                .stage(2, 24, 16, X3DBottleneck.factory(X3DBottleneck.builder()
                        .activation(Nonlinearity.RELU), SePlacement.EVEN))
                .stage(2, 16, 16, ctx -> Layers.pointwise(ctx.outChannels(), ctx.spatialStride()))
                .head(X3DHead.builder().innerChannels(12).lin5Channels(20).lin5BatchNorm(true)
                        .numClasses(3).frames(4).trainCrop(64))
                .build();
        // the unknown transform has no native form: the default falls back, asking fails
        assertCompiledMatches(net, new Shape(1, 3, 4, 64, 64), InferenceKernels.LIBTORCH_SCRIPTED);
    }

    /**
     * A scripted stage is specialised by libtorch on the shapes it has seen; other batch sizes
     * and clip sizes afterwards still compute the op-by-op result.
     */
    @Test
    void scriptedStagesFollowChangingClipShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            VideoNetwork net = VoV3D.medium().numClasses(3).frames(4).trainCrop(32).build();
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 4, 32, 32));
            randomize(net, m);
            try (CompiledNetwork scripted = FastInference.compileInto(net,
                    NDManager.newBaseManager(), FusedKernelsTest.everyStepInLibtorch(m),
                    StageScripting.Mode.REQUIRED);
                    CompiledNetwork ops = FastInference.compile(net, InferenceKernels.DJL_OPS)) {
                for (Shape shape : List.of(new Shape(1, 3, 4, 32, 32), new Shape(3, 3, 4, 32, 32),
                        new Shape(1, 3, 6, 48, 40), new Shape(1, 3, 4, 32, 32))) {
                    try (NDManager scope = m.newSubManager()) {
                        NDArray clip = scope.randomNormal(shape);
                        NDArray expected = ops.features(clip);
                        float d = expected.sub(scripted.features(clip)).abs().max().getFloat();
                        assertTrue(d <= 1e-4f * Math.max(1f, expected.abs().max().getFloat()),
                                shape + ": scripted features differ by " + d);
                    }
                }
            }
        }
    }

    @Test
    void refusesAnUninitialisedNetwork() {
        VideoNetwork net = X3D.xs().numClasses(3).frames(4).trainCrop(32).build();
        assertThrows(IllegalStateException.class, () -> FastInference.compile(net));
    }

    /**
     * The compiled network is documented as safe to share: predictions from two threads, with
     * the stages scripted and as one native program.
     */
    @Test
    void twoThreadsShareOneCompiledNetwork() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            VideoNetwork net = X3D.xs().numClasses(3).frames(4).trainCrop(32).build();
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 4, 32, 32));
            randomize(net, m);
            try (CompiledNetwork fast = FastInference.compileInto(net, NDManager.newBaseManager(),
                    FusedKernelsTest.everyStepInLibtorch(m), StageScripting.Mode.REQUIRED);
                    CompiledNetwork chosen = FastInference.compile(net)) {
                assertEquals(InferenceKernels.LIBTORCH_SCRIPTED, fast.kernels());
                assertEquals(fastestHere(), chosen.kernels());
                assertSharable(fast, m);
                assertSharable(chosen, m);
            }
        }
    }

    private static void assertSharable(CompiledNetwork fast, NDManager m) throws Exception {
        NDArray clip = m.randomNormal(new Shape(2, 3, 4, 32, 32));
        float[] expected = fast.predict(clip).toFloatArray();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<float[]>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                runs.add(pool.submit(() -> {
                    try (NDManager own = m.newSubManager()) {
                        NDArray copy = own.create(clip.toFloatArray(), clip.getShape());
                        return fast.predict(copy).toFloatArray();
                    }
                }));
            }
            for (Future<float[]> run : runs) {
                assertArrayEquals(expected, run.get(), 1e-6f);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void libtorchKernelsAreFreedWithTheCompiledNetworksWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            VideoNetwork net = X3D.xs().numClasses(3).frames(4).trainCrop(32).build();
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 4, 32, 32));
            NDManager weights = NDManager.newBaseManager();
            FusedKernels kernels = KernelSelection.choose(weights, "auto");
            TorchScriptKernels modules = assertInstanceOf(TorchScriptKernels.class,
                    assertInstanceOf(SizeRoutedKernels.class, kernels).fused());
            FastInference.compileInto(net, weights, kernels, StageScripting.Mode.OFF);
            assertFalse(modules.isClosed());
            weights.close();
            assertTrue(modules.isClosed(), "closing the weights' manager closes the modules");
            kernels.close(); // and closing them again is harmless
        }
    }

    @Test
    void refusesAClipThatRequiresAGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            VideoNetwork net = X3D.xs().numClasses(3).frames(4).trainCrop(32).build();
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 4, 32, 32));
            try (CompiledNetwork fast = FastInference.compile(net)) {
                NDArray clip = m.randomNormal(new Shape(1, 3, 4, 32, 32));
                clip.setRequiresGradient(true);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> fast.predict(clip));
                assertTrue(e.getMessage().contains("network's own forward"), e.getMessage());
            }
        }
    }

    @Test
    void leavesTheClipAndItsManagerClean() {
        try (NDManager m = NDManager.newBaseManager()) {
            VideoNetwork net = X3D.xs().numClasses(3).frames(4).trainCrop(32).build();
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 4, 32, 32));
            try (CompiledNetwork fast = FastInference.compile(net);
                    NDManager scope = m.newSubManager()) {
                NDArray clip = scope.randomNormal(new Shape(1, 3, 4, 32, 32));
                float[] before = clip.toFloatArray();
                List<String> seen = new ArrayList<>();
                NDArray out = fast.predict(clip, (stage, nanos) -> seen.add(stage));
                assertEquals(fast.stageNames(), seen);
                assertArrayEquals(before, clip.toFloatArray(), "input untouched");
                assertEquals(scope, out.getManager(), "result handed to the clip's manager");
                assertEquals(scope, clip.getManager(), "clip back in its own manager");
                assertEquals(2, scope.getManagedArrays().size(), "only clip and result remain");
            }
        }
    }

    @Test
    void blockwiseReportsEveryResidualBlock() {
        try (NDManager m = NDManager.newBaseManager()) {
            VideoNetwork net = X3D.xs().numClasses(3).frames(4).trainCrop(32).build();
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 4, 32, 32));
            randomize(net, m); // as initialised, every block's last BN zeroes its branch
            List<String> expected = new ArrayList<>(List.of("s1"));
            for (int s = 0; s < net.stages().size(); s++) {
                for (int b = 0; b < net.stages().get(s).blocks().size(); b++) {
                    expected.add("s" + (s + 2) + ".res" + b);
                }
            }
            expected.add("head");
            assertTrue(expected.size() > 6, "X3D-XS has several blocks per stage: " + expected);
            try (CompiledNetwork blocks = FastInference.compileBlockwise(net);
                    CompiledNetwork stages = FastInference.compile(net)) {
                assertEquals(expected, blocks.stageNames());
                NDArray clip = m.randomNormal(new Shape(2, 3, 4, 32, 32));
                List<String> seen = new ArrayList<>();
                NDArray byBlock = blocks.predict(clip, (part, nanos) -> {
                    assertTrue(nanos > 0, part);
                    seen.add(part);
                });
                assertEquals(expected, seen);
                NDArray byStage = stages.predict(clip);
                assertTrue(byBlock.sub(byStage).abs().max().getFloat() < 1e-6f,
                        "same function, part boundaries aside");
                assertTrue(byBlock.sub(byBlock.mean()).abs().max().getFloat() > 1e-3f,
                        "outputs that depend on the blocks: " + byBlock);
            }
        }
    }

    /**
     * @param byDefault the kernels {@link FastInference#compile(VideoNetwork)} must choose here
     *     (the native program for every network the library builds, on the machines this
     *     project tests on; scripted stages for one with a transform the compiler does not know)
     */
    private static void assertCompiledMatches(VideoNetwork net, Shape clipShape,
            InferenceKernels byDefault) {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(7);
            net.initialize(m, DataType.FLOAT32, clipShape);
            randomize(net, m);
            if (byDefault != InferenceKernels.NATIVE) {
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> FastInference.compile(net, InferenceKernels.NATIVE));
                assertTrue(e.getMessage().contains("native"), e.getMessage());
            }
            try (CompiledNetwork chosen = FastInference.compile(net);
                    CompiledNetwork scripted = FastInference.compile(net,
                            InferenceKernels.LIBTORCH_SCRIPTED);
                    CompiledNetwork fused = FastInference.compile(net,
                            InferenceKernels.LIBTORCH_FUSED);
                    CompiledNetwork everyStepFused = FastInference.compileInto(net,
                            NDManager.newBaseManager(), FusedKernelsTest.everyStepInLibtorch(m),
                            StageScripting.Mode.OFF);
                    CompiledNetwork composed = FastInference.compileInto(net,
                            NDManager.newBaseManager(), DjlKernels.INSTANCE,
                            StageScripting.Mode.PREFERRED);
                    CompiledNetwork blockwise = FastInference.compileBlockwise(net)) {
                assertEquals(InferenceKernels.LIBTORCH_SCRIPTED, scripted.kernels(),
                        "stages scripted on libtorch's kernels on the PyTorch engine's CPU");
                assertEquals(InferenceKernels.LIBTORCH_FUSED, fused.kernels());
                assertEquals(InferenceKernels.DJL_OPS, composed.kernels(),
                        "DJL's ops are never scripted");
                assertEquals(byDefault, chosen.kernels(), "the default's choice");
                assertEquals(byDefault, blockwise.kernels(),
                        "every block its own script, or a mark in the native program");
                // the scripts send every stage product to oneDNN whatever its size (the SE
                // layers' to addmm); op by op, at these small sizes the routed kernels send most
                // products to addmm, so the op-by-op form is also compiled with every product,
                // sum and activation in libtorch
                for (CompiledNetwork fast : List.of(chosen, scripted, fused, everyStepFused,
                        composed, blockwise)) {
                    assertSameFunction(net, fast, clipShape, m);
                }
            }
        }
    }

    private static void assertSameFunction(VideoNetwork net, CompiledNetwork fast, Shape clipShape,
            NDManager m) {
        try (NDManager scope = m.newSubManager()) {
            NDArray clip = scope.randomNormal(clipShape);
            ParameterStore ps = new ParameterStore(scope, false);
            NDArray expected = net.forward(ps, new NDList(clip), false).singletonOrThrow();
            NDArray actual = fast.predict(clip);
            assertEquals(expected.getShape(), actual.getShape());
            float diff = expected.sub(actual).abs().max().getFloat();
            assertTrue(diff <= 1e-5f, fast.kernels() + ": compiled output differs by " + diff);
            NDArray features = net.features(ps, clip, false);
            float fd = features.sub(fast.features(clip)).abs().max().getFloat();
            assertTrue(fd <= 1e-4f * Math.max(1f, features.abs().max().getFloat()),
                    fast.kernels() + ": features differ by " + fd);
            NDArray logits = net.head().positionLogits(ps, features, false);
            float ld = logits.sub(fast.positionLogits(clip)).abs().max().getFloat();
            assertTrue(ld <= 1e-4f * Math.max(1f, logits.abs().max().getFloat()),
                    fast.kernels() + ": position logits differ by " + ld);
        }
    }

    private static void randomize(VideoNetwork net, NDManager m) {
        for (Parameter p : net.getParameters().values()) {
            NDArray a = p.getArray();
            NDArray r = p.getName().equals("runningVar")
                    ? m.randomUniform(0.5f, 1.5f, a.getShape())
                    : m.randomNormal(0f, 0.2f, a.getShape(), DataType.FLOAT32);
            a.set(r.toFloatArray());
        }
    }
}
