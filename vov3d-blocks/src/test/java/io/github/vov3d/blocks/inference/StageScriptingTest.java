package io.github.vov3d.blocks.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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

    /** An op without a TorchScript form, like a block the compiler does not know. */
    private record Negation() implements InferenceOp {
        @Override
        public NDArray apply(NDArray x) {
            return x.neg();
        }
    }

    @Test
    void scriptsWhatItCanAndKeepsTheRest() {
        try (NDManager weights = NDManager.newBaseManager()) {
            InferenceOp kept = new Negation();
            List<InferenceOp> stages = StageScripting.script(
                    List.of(new Affine("torch.add(torch.mul(X, 2), 1)"), kept), weights, 3);
            assertInstanceOf(ScriptedStage.class, stages.get(0));
            assertSame(kept, stages.get(1));
            NDArray x = weights.randomNormal(new Shape(1, 2, 5, 5, 3));
            assertArrayEquals(x.mul(2).add(1).toFloatArray(),
                    stages.get(0).apply(x).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void sourceLibtorchCannotCompileIsAnIllegalState() {
        try (NDManager weights = NDManager.newBaseManager()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> StageScripting.script(List.of(new Affine("torch.no_such_op(X)")),
                            weights, 3));
            assertTrue(e.getMessage().contains("could not be loaded"), e.getMessage());
        }
    }

    @Test
    void aScriptThatFailsOnItsFirstRunIsAnIllegalState() {
        try (NDManager weights = NDManager.newBaseManager()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> StageScripting.script(List.of(new Affine("torch.reshape(X, [7, -1, 5])")),
                            weights, 3));
            assertTrue(e.getMessage().contains("failed as TorchScript"), e.getMessage());
        }
    }
}
