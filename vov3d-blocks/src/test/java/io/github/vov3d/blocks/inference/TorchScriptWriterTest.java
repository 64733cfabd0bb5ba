package io.github.vov3d.blocks.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.vov3d.blocks.Nonlinearity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stage source a {@link TorchScriptWriter} collects: weights and statements. */
class TorchScriptWriterTest {
    @Test
    void numbersEachWeightOnceInTheOrderFirstRead() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.zeros(new Shape(2));
            NDArray b = m.zeros(new Shape(2)); // equal values, a different array
            TorchScriptWriter out = new TorchScriptWriter();
            assertEquals("w[0]", out.weight(a));
            assertEquals("w[1]", out.weight(b));
            assertEquals("w[0]", out.weight(a));
            assertEquals(List.of(a, b), out.weights());
        }
    }

    @Test
    void writesStatementsInOrderIntoForward() {
        try (NDManager m = NDManager.newBaseManager()) {
            TorchScriptWriter out = new TorchScriptWriter();
            assertEquals("def forward(self, x: Tensor) -> Tensor:\n  return x\n", out.source("x"),
                    "no weights read, no weight list taken");
            String first = out.let("torch.mul(x, " + out.weight(m.zeros(new Shape(1))) + ")");
            String second = out.let("torch.abs(" + first + ")");
            assertNotEquals(first, second);
            out.activateInPlace(Nonlinearity.SWISH, second);
            out.activateInPlace(Nonlinearity.RELU, second);
            String source = out.source(second);
            assertEquals("def forward(self, x: Tensor, w: List[Tensor]) -> Tensor:\n"
                    + "  " + first + " = torch.mul(x, w[0])\n"
                    + "  " + second + " = torch.abs(" + first + ")\n"
                    + "  torch.silu_(" + second + ")\n"
                    + "  torch.relu_(" + second + ")\n"
                    + "  return " + second + "\n", source);
        }
    }
}
