package io.github.vov3d.blocks.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * libtorch's fused kernels compute what DJL's ops compute, at any size, with every fused form
 * (sum, ReLU, both), and hand back arrays that behave like DJL's own results: attached to the
 * first input's manager and open to in-place updates. Here they run unrouted (every step in
 * libtorch, whatever its size); the routing by size, the selection on the PyTorch engine's CPU
 * and the compile-time check are tested on their own.
 */
class FusedKernelsTest {

    /**
     * @param m where the test runs (its device)
     * @return libtorch's kernels with no size routing; the caller closes them
     */
    static TorchScriptKernels everyStepInLibtorch(NDManager m) {
        try {
            return TorchScriptKernels.load(m.getDevice());
        } catch (IOException | MalformedModelException e) {
            throw new AssertionError("libtorch's kernels did not load", e);
        }
    }

    @Property(tries = 40)
    void fusedLinearMatchesDjlOps(
            @ForAll @IntRange(min = 1, max = 3000) int rows,
            @ForAll @IntRange(min = 1, max = 200) int in,
            @ForAll @IntRange(min = 1, max = 200) int out,
            @ForAll boolean withSum,
            @ForAll boolean relu) {
        try (NDManager m = NDManager.newBaseManager();
                FusedKernels fused = everyStepInLibtorch(m)) {
            NDArray x = m.randomNormal(new Shape(rows, in));
            NDArray w = m.randomNormal(new Shape(out, in));
            NDArray b = m.randomNormal(new Shape(out));
            NDArray addend = withSum ? m.randomNormal(new Shape(rows, out)) : null;
            NDArray expected = DjlKernels.INSTANCE.linear(x, w, b, addend, relu);
            NDArray actual = fused.linear(x, w, b, addend, relu);
            assertClose(expected, actual, rows + "×" + in + " → " + out + (withSum ? " +sum" : "")
                    + (relu ? " relu" : ""));
        }
    }

    @Test
    void activationsRunInPlaceAndResultsBehaveLikeDjlResults() {
        try (NDManager m = NDManager.newBaseManager();
                FusedKernels fused = everyStepInLibtorch(m);
                NDManager scope = m.newSubManager()) {
            NDArray x = scope.randomNormal(new Shape(6, 16, 9));
            for (boolean swish : new boolean[] {false, true}) {
                NDArray input = x.duplicate();
                NDArray alias = input.reshape(input.getShape()); // a view of the same storage
                NDArray expected = swish ? DjlKernels.INSTANCE.swish(x.duplicate())
                        : DjlKernels.INSTANCE.relu(x.duplicate());
                NDArray actual = swish ? fused.swish(input) : fused.relu(input);
                assertTrue(input.isReleased(), "the owned input is consumed");
                assertClose(expected, alias, "in place: the input's storage holds the result");
                assertEquals(scope, actual.getManager(), "attached like a DJL op's result");
                assertClose(expected, actual, swish ? "swish" : "relu");
                actual.muli(2f); // DJL's in-place ops must work on the result
                assertClose(expected.mul(2f), actual, "after an in-place update");
            }
            NDArray rows = scope.randomNormal(new Shape(5, 4));
            for (NDArray addend : new NDArray[] {null, scope.ones(new Shape(5, 3))}) {
                NDArray product = fused.linear(rows, scope.ones(new Shape(3, 4)),
                        scope.zeros(new Shape(3)), addend, false);
                assertEquals(scope, product.getManager());
                NDArray sums = rows.sum(new int[] {1}, true).repeat(1, 3);
                assertClose(addend == null ? sums : sums.add(1f), product, "row sums");
                product.addi(1f);
            }
        }
    }

    @Test
    void smallStepsStayOnDjlOpsLargeOnesGoToTheFusedKernels() {
        Recording fused = new Recording();
        SizeRoutedKernels routed = new SizeRoutedKernels(fused, 1000, 100);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.ones(new Shape(10, 10));
            NDArray b = m.zeros(new Shape(10));
            routed.linear(m.ones(new Shape(9, 10)), w, b, null, false); // 900 MACs
            routed.relu(m.ones(new Shape(99)));
            routed.swish(m.ones(new Shape(99)));
            assertEquals(List.of(), fused.calls);
            routed.linear(m.ones(new Shape(10, 10)), w, b, null, true); // 1000 MACs
            routed.relu(m.ones(new Shape(100)));
            routed.swish(m.ones(new Shape(100)));
            assertEquals(List.of("linear 10 relu", "relu", "swish"), fused.calls);
        }
        assertEquals(InferenceKernels.LIBTORCH_FUSED, routed.kind());
        routed.close();
        assertTrue(fused.closed, "closing the router closes the fused kernels");
    }

    @Test
    void choosesLibtorchKernelsOnThePyTorchCpuUnlessToldOtherwise() {
        try (NDManager m = NDManager.newBaseManager()) {
            try (FusedKernels auto = KernelSelection.choose(m, "auto")) {
                assertEquals(InferenceKernels.LIBTORCH_FUSED, auto.kind());
                SizeRoutedKernels routed = assertInstanceOf(SizeRoutedKernels.class, auto);
                assertInstanceOf(TorchScriptKernels.class, routed.fused());
            }
            try (FusedKernels fused = KernelSelection.choose(m, "Fused")) {
                assertEquals(InferenceKernels.LIBTORCH_FUSED, fused.kind());
            }
            assertTrue(KernelSelection.scriptsStages(" auto"));
            assertFalse(KernelSelection.scriptsStages("fused"));
            assertFalse(KernelSelection.scriptsStages("djl"));
            assertSame(DjlKernels.INSTANCE, KernelSelection.choose(m, " DJL "));
            assertSame(DjlKernels.INSTANCE, KernelSelection.require(m, InferenceKernels.DJL_OPS));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> KernelSelection.choose(m, "fastest"));
            assertTrue(e.getMessage().contains(KernelSelection.PROPERTY)
                    && e.getMessage().contains("'fastest'"), e.getMessage());
        }
    }

    @Test
    void theCheckRunsEveryStepIncludingAtANetworkSize() {
        Recording recording = new Recording();
        try (NDManager m = NDManager.newBaseManager()) {
            KernelSelection.verify(recording, m);
            assertEquals(0, m.getManagedArrays().size(), "the check frees its arrays");
        }
        for (String form : List.of("", " relu", " +add", " +add relu")) {
            assertTrue(recording.calls.contains("linear 37" + form), recording.calls.toString());
            assertTrue(recording.calls.contains("linear 12544" + form),
                    "a product above the fused threshold: " + recording.calls);
        }
        assertEquals(2, recording.calls.stream().filter("relu"::equals).count());
        assertEquals(2, recording.calls.stream().filter("swish"::equals).count());
        assertTrue(recording.sizes.contains(1L << 20), "an activation libtorch would get: "
                + recording.sizes);
    }

    @Test
    void theCheckRefusesKernelsThatDisagree() {
        Recording offByALittle = new Recording() {
            @Override
            public NDArray linear(NDArray rows, NDArray weight, NDArray bias, NDArray addend,
                    boolean relu) {
                return super.linear(rows, weight, bias, addend, relu).addi(1e-3f);
            }
        };
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> KernelSelection.verify(offByALittle, m));
            assertTrue(e.getMessage().startsWith("linear 37×24→20 differs"), e.getMessage());
        }
    }

    /** DJL's ops, recording each call (products by their row count and form). */
    private static class Recording implements FusedKernels {
        final List<String> calls = new ArrayList<>();
        final List<Long> sizes = new ArrayList<>();
        boolean closed;

        @Override
        public NDArray linear(NDArray rows, NDArray weight, NDArray bias, NDArray addend,
                boolean relu) {
            calls.add("linear " + rows.getShape().get(0) + (addend != null ? " +add" : "")
                    + (relu ? " relu" : ""));
            return DjlKernels.INSTANCE.linear(rows, weight, bias, addend, relu);
        }

        @Override
        public NDArray relu(NDArray y) {
            calls.add("relu");
            sizes.add(y.size());
            return DjlKernels.INSTANCE.relu(y);
        }

        @Override
        public NDArray swish(NDArray y) {
            calls.add("swish");
            sizes.add(y.size());
            return DjlKernels.INSTANCE.swish(y);
        }

        @Override
        public InferenceKernels kind() {
            return InferenceKernels.LIBTORCH_FUSED;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static void assertClose(NDArray expected, NDArray actual, String what) {
        assertEquals(expected.getShape(), actual.getShape(), what);
        float scale = Math.max(1f, expected.abs().max().getFloat());
        float diff = expected.sub(actual).abs().max().getFloat();
        assertTrue(diff <= 1e-5f * scale, what + ": differs by " + diff);
    }
}
