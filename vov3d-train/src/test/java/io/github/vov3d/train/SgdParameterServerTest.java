package io.github.vov3d.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.github.vov3d.blocks.StateDictNames;
import io.github.vov3d.blocks.network.VoV3D;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SgdParameterServerTest {

    /** torch.optim.SGD(lr, momentum, weight_decay, nesterov=True) by hand, three steps. */
    @Test
    void matchesTorchSgdWithNesterovAndDecay() {
        try (NDManager m = NDManager.newBaseManager()) {
            double[] lr = {0.1};
            SgdParameterServer sgd = new SgdParameterServer(m, Map.of("w", "w", "b", "b"), Set.of("b"),
                    0.9, true, 0.01, () -> lr[0]);
            NDArray w = m.create(new float[] {1f, -2f});
            NDArray b = m.create(new float[] {0.5f});
            float[] gw = {0.3f, -0.1f};
            float[] gb = {0.2f};
            double[] ew = {1, -2};
            double[] eb = {0.5};
            double[] bufW = null;
            double[] bufB = null;
            for (int step = 0; step < 3; step++) {
                sgd.update("w", new NDArray[] {m.create(gw)}, new NDArray[] {w});
                sgd.update("b", new NDArray[] {m.create(gb)}, new NDArray[] {b});
                double[] dw = {gw[0] + 0.01 * ew[0], gw[1] + 0.01 * ew[1]};
                double[] db = {gb[0]};
                bufW = bufW == null ? dw.clone() : new double[] {0.9 * bufW[0] + dw[0], 0.9 * bufW[1] + dw[1]};
                bufB = bufB == null ? db.clone() : new double[] {0.9 * bufB[0] + db[0]};
                for (int i = 0; i < 2; i++) {
                    ew[i] -= lr[0] * (dw[i] + 0.9 * bufW[i]);
                }
                eb[0] -= lr[0] * (db[0] + 0.9 * bufB[0]);
                lr[0] *= 0.5;
            }
            assertArrayEquals(new float[] {(float) ew[0], (float) ew[1]}, w.toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {(float) eb[0]}, b.toFloatArray(), 1e-6f);
            assertEquals(2, sgd.momentumBuffers().size());
            sgd.close();
        }
    }

    @Test
    void everyBatchNormIsExemptFromDecayUnlessTheReferenceRuleIsAsked() {
        var net = VoV3D.medium().build();
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(1, 3, 16, 224, 224));
            Map<String, Parameter> named = StateDictNames.of(net);
            Set<String> all = BatchNormDecay.ALL_BATCH_NORM.exemptIds(net);
            Set<String> reference = BatchNormDecay.REFERENCE_NAMES.exemptIds(net);
            assertEquals(134 * 2, all.size());
            assertEquals(54 * 2, reference.size(), "the reference's name rule decays a.1 / c.1");
            assertEquals(true, all.contains(named.get("s2.pathway0_res0.branch2.layers.0.a.1.weight").getId()));
            assertEquals(false, reference.contains(named.get("s2.pathway0_res0.branch2.layers.0.a.1.weight").getId()));
            assertEquals(false, all.contains(named.get("head.projection.weight").getId()));
        }
    }
}
