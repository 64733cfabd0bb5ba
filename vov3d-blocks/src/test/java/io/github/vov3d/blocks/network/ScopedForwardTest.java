package io.github.vov3d.blocks.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The block-scoped pass is the network's own pass, bit for bit: same output, same gradient of
 * every parameter, same BatchNorm running statistics afterwards (training mode, dropout on with
 * the same seed), and it leaves nothing but its output in the caller's manager.
 */
class ScopedForwardTest {
    private static final Shape CLIP = new Shape(2, 3, 4, 32, 32);

    @Test
    void vov3dTrainingPassIsIdentical() {
        assertIdentical(VoV3D.medium().numClasses(5).frames(4).trainCrop(32).build());
    }

    @Test
    void x3dTrainingPassIsIdentical() {
        assertIdentical(X3D.xs().numClasses(3).frames(4).trainCrop(32).build());
    }

    @Test
    void onlyTheOutputIsLeftInTheCallersManager() {
        try (NDManager m = NDManager.newBaseManager()) {
            VideoNetwork net = X3D.xs().numClasses(3).frames(4).trainCrop(32).build();
            net.initialize(m, DataType.FLOAT32, CLIP);
            try (NDManager caller = m.newSubManager()) {
                NDArray clip = caller.randomNormal(CLIP);
                int before = caller.getManagedArrays().size();
                NDArray out = ScopedForward.run(net, new ParameterStore(caller, false), clip, false);
                assertEquals(new Shape(2, 3), out.getShape());
                assertEquals(before + 1, caller.getManagedArrays().size(), "only the output is added");
                assertTrue(caller.getManagedArrays().contains(clip), "the clip stays the caller's");
            }
        }
    }

    private static void assertIdentical(VideoNetwork net) {
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, CLIP);
            NDArray clip = m.randomNormal(CLIP);
            List<Pair<String, Parameter>> params = TrainingPass.parameters(net);
            List<float[]> initial = TrainingPass.snapshot(params, Parameter::getArray);
            restore(params, initial);
            TrainingPass.Result plain = TrainingPass.run(m, net,
                    (ps, x) -> net.forward(ps, new NDList(x), true).singletonOrThrow(), clip);
            restore(params, initial); // running statistics back to where they started
            TrainingPass.Result scoped = TrainingPass.run(m, net, (ps, x) -> ScopedForward.run(net, ps, x, true), clip);
            assertArrayEquals(plain.output(), scoped.output(), "output");
            for (int i = 0; i < params.size(); i++) {
                String name = params.get(i).getKey();
                assertArrayEquals(plain.state().get(i), scoped.state().get(i), "value/statistic of " + name);
                if (plain.gradients().get(i) != null) {
                    assertArrayEquals(plain.gradients().get(i), scoped.gradients().get(i), "gradient of " + name);
                }
            }
        }
    }

    private static void restore(List<Pair<String, Parameter>> params, List<float[]> values) {
        for (int i = 0; i < params.size(); i++) {
            params.get(i).getValue().getArray().set(FloatBuffer.wrap(values.get(i)));
        }
    }
}
