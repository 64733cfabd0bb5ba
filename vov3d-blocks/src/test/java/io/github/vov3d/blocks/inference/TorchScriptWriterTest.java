package io.github.vov3d.blocks.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.vov3d.blocks.Nonlinearity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stage source a {@link TorchScriptWriter} collects: weights, variables, helpers. */
class TorchScriptWriterTest {
    @Test
    void numbersEachWeightOnceInTheOrderFirstRead() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.zeros(new Shape(2));
            NDArray b = m.zeros(new Shape(2)); // equal values, a different array
            TorchScriptWriter out = new TorchScriptWriter(0);
            assertEquals("w[0]", out.weight(a));
            assertEquals("w[1]", out.weight(b));
            assertEquals("w[0]", out.weight(a));
            assertEquals(List.of(a, b), out.weights());
        }
    }

    @Test
    void writesStatementsInOrderIntoForwardFollowedByTheHelpers() {
        TorchScriptWriter out = new TorchScriptWriter(1234);
        String first = out.let("torch.neg(x)");
        String second = out.let("torch.abs(" + first + ")");
        assertNotEquals(first, second);
        out.activateInPlace(Nonlinearity.SWISH, second);
        out.activateInPlace(Nonlinearity.RELU, second);
        String source = out.source(second);
        assertTrue(source.startsWith("def forward(self, x: Tensor, w: List[Tensor]) -> Tensor:\n"
                + "  " + first + " = torch.neg(x)\n"
                + "  " + second + " = torch.abs(" + first + ")\n"
                + "  torch.silu_(" + second + ")\n"
                + "  torch.relu_(" + second + ")\n"
                + "  return " + second + "\n"), source);
        assertTrue(source.contains("def pointwise(self, x: Tensor")
                && source.contains("def pointwise_add(self, x: Tensor"), source);
        assertTrue(source.contains(">= 1234:"), "the routing threshold is the one given");
        // the whole text is a valid method list for an archive
        new TorchScriptArchive("Vov3dStageTest", source);
    }

    @Test
    void refusesANegativeThreshold() {
        assertThrows(IllegalArgumentException.class, () -> new TorchScriptWriter(-1));
    }
}
