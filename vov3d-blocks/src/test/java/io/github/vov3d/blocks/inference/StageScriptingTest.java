package io.github.vov3d.blocks.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which stages {@link StageScripting} turns into TorchScript, that a scripted stage computes what
 * its ops compute, and that a script libtorch refuses — at load or when first run — is an
 * {@code IllegalStateException} naming the cause (which {@link FastInference} turns into a
 * warning or a failed compile).
 */
class StageScriptingTest {
    /** {@code y = 2x + 1} both ways; or, when told, TorchScript that fails. */
    private record Affine(String script) implements InferenceOp {
        @Override
        public NDArray apply(NDArray x) {
            return x.mul(2).add(1);
        }

        @Override
        public boolean scriptable() {
            return true;
        }

        @Override
        public String emit(TorchScriptWriter out, String x) {
            return out.let(script.replace("X", x));
        }
    }

    /** {@code y = x · scale} both ways, the scale a weight of the stage; or failing TorchScript. */
    private record Scaled(NDArray scale, String script) implements InferenceOp {
        @Override
        public NDArray apply(NDArray x) {
            return x.mul(scale);
        }

        @Override
        public boolean scriptable() {
            return true;
        }

        @Override
        public String emit(TorchScriptWriter out, String x) {
            return out.let(script.replace("X", x).replace("W", out.weight(scale)));
        }
    }

    /**
     * An op without a TorchScript form, like a block the compiler does not know; like some, it
     * refuses frames smaller than 64×64.
     */
    private record Negation() implements InferenceOp {
        @Override
        public NDArray apply(NDArray x) {
            if (x.getShape().get(2) < 64) {
                throw new IllegalArgumentException("needs at least 64×64 frames");
            }
            return x.neg();
        }
    }

    @Test
    void scriptsWhatItCanAndKeepsTheRest() {
        try (NDManager weights = NDManager.newBaseManager()) {
            InferenceOp kept = new Negation();
            NDArray scale = weights.randomNormal(new Shape(3));
            // the op-by-op stage refuses the warm-up clip: the script after it still loads
            List<InferenceOp> stages = StageScripting.script(List.of(
                    new Affine("torch.add(torch.mul(X, 2), 1)"), kept,
                    new Scaled(scale, "torch.mul(X, W)")), List.of("s1", "s2", "s3"), weights, 3);
            assertInstanceOf(ScriptedStage.class, stages.get(0));
            assertSame(kept, stages.get(1));
            assertInstanceOf(ScriptedStage.class, stages.get(2));
            NDArray x = weights.randomNormal(new Shape(1, 2, 64, 64, 3));
            assertArrayEquals(x.mul(2).add(1).toFloatArray(),
                    stages.get(0).apply(x).toFloatArray(), 1e-6f);
            assertArrayEquals(x.mul(scale).toFloatArray(), stages.get(2).apply(x).toFloatArray(),
                    1e-6f);
        }
    }

    /**
     * A residual block around a transform that does not fuse the shortcut writes the sum and
     * ReLU itself (or into the projection), as its {@code apply} does.
     */
    @Test
    void residualBlockAroundAnyScriptableTransform() {
        try (NDManager weights = NDManager.newBaseManager()) {
            InferenceOp transform = new Affine("torch.add(torch.mul(X, 2), 1)");
            FoldedConv projection = FoldedConv.of(weights,
                    weights.randomNormal(new Shape(3, 3)).toFloatArray(), new Shape(3, 3, 1, 1, 1),
                    weights.randomNormal(new Shape(3)).toFloatArray(), new Shape(1, 1, 1),
                    new Shape(0, 0, 0), 1, DjlKernels.INSTANCE);
            for (FoldedConv shortcut : java.util.Arrays.asList(null, projection)) {
                InferenceOp block = new FastResidualBlock(shortcut, transform, DjlKernels.INSTANCE);
                InferenceOp scripted = StageScripting.script(List.of(block), List.of("s2.res0"),
                        weights, 3).get(0);
                assertInstanceOf(ScriptedStage.class, scripted);
                NDArray x = weights.randomNormal(new Shape(1, 2, 6, 6, 3));
                assertArrayEquals(block.apply(x).toFloatArray(), scripted.apply(x).toFloatArray(),
                        1e-5f, shortcut == null ? "identity shortcut" : "projection shortcut");
            }
        }
    }

    @Test
    void sourceLibtorchCannotCompileIsAnIllegalState() {
        try (NDManager weights = NDManager.newBaseManager()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> StageScripting.script(List.of(new Affine("torch.no_such_op(X)")),
                            List.of("s1"), weights, 3));
            assertTrue(e.getMessage().contains("could not be loaded"), e.getMessage());
        }
    }

    /**
     * The failed compile falls back to the op-by-op form, whose libtorch kernels take the same
     * weight arrays: those must come out of a failed attempt as they went in.
     */
    @Test
    void aScriptThatFailsOnItsFirstRunIsAnIllegalStateAndLeavesTheWeightsAsTheyWere() {
        try (NDManager weights = NDManager.newBaseManager();
                TorchScriptKernels kernels = TorchScriptKernels.load(weights.getDevice())) {
            NDArray matrix = weights.randomNormal(new Shape(4, 3));
            NDArray bias = weights.randomNormal(new Shape(4));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> StageScripting.script(List.of(new Affine("torch.add(X, 1)"),
                            new Scaled(matrix, "torch.reshape(torch.mul(X, torch.sum(W)), [7, -1, 5])")),
                            List.of("s1", "s3.res1"), weights, 3));
            assertTrue(e.getMessage().contains("part s3.res1 failed as TorchScript"),
                    e.getMessage());
            assertNull(matrix.getName(), "the weight keeps its name");
            NDArray rows = weights.randomNormal(new Shape(5, 3));
            assertArrayEquals(rows.matMul(matrix.transpose()).add(bias).toFloatArray(),
                    kernels.linear(rows, matrix, bias, null, false).toFloatArray(), 1e-5f);
        } catch (java.io.IOException | ai.djl.MalformedModelException e) {
            throw new AssertionError("libtorch's kernels did not load", e);
        }
    }
}
