package io.github.vov3d.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import io.github.vov3d.blocks.Layers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreciseBatchNormTest {

    @Test
    void runningStatisticsBecomeTheExactAverageOfTheBatchStatistics() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block bn = Layers.batchNorm(false);
            Shape shape = new Shape(2, 3, 2, 4, 4);
            bn.initialize(m, DataType.FLOAT32, shape);
            List<NDArray> clips = new ArrayList<>();
            double[][] mean = new double[3][3];
            double[][] var = new double[3][3];
            for (int b = 0; b < 3; b++) {
                NDArray x = m.randomNormal(0f, 1f + b, shape, DataType.FLOAT32).add(b);
                clips.add(x);
                float[] v = x.toFloatArray();
                int per = 2 * 4 * 4;
                for (int c = 0; c < 3; c++) {
                    double s = 0;
                    double sq = 0;
                    int n = 0;
                    for (int s0 = 0; s0 < 2; s0++) {
                        for (int i = 0; i < per; i++) {
                            double value = v[(s0 * 3 + c) * per + i];
                            s += value;
                            sq += value * value;
                            n++;
                        }
                    }
                    mean[b][c] = s / n;
                    var[b][c] = (sq - n * mean[b][c] * mean[b][c]) / (n - 1); // unbiased, as PyTorch
                }
            }
            List<Batch> batches = new ArrayList<>();
            for (NDArray x : clips) {
                batches.add(new Batch(m.newSubManager(), new NDList(x.duplicate()), new NDList(), 2, null, null, 0, 1));
            }
            ParameterStore ps = new ParameterStore(m, false);
            bn.forward(ps, new NDList(clips.get(0)), true); // disturb the running values first
            assertEquals(3, PreciseBatchNorm.recompute(bn, ps, batches, 10));
            float[] expectedMean = new float[3];
            float[] expectedVar = new float[3];
            for (int c = 0; c < 3; c++) {
                expectedMean[c] = (float) ((mean[0][c] + mean[1][c] + mean[2][c]) / 3);
                expectedVar[c] = (float) ((var[0][c] + var[1][c] + var[2][c]) / 3);
            }
            assertArrayEquals(expectedMean, bn.getParameters().get("runningMean").getArray().toFloatArray(), 1e-4f);
            assertArrayEquals(expectedVar, bn.getParameters().get("runningVar").getArray().toFloatArray(), 1e-4f);
        }
    }
}
