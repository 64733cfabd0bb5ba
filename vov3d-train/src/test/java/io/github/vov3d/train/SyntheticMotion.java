package io.github.vov3d.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import io.github.vov3d.blocks.TemporalOneShotAggregation;
import io.github.vov3d.blocks.X3DHead;
import io.github.vov3d.blocks.network.VideoNetwork;
import java.util.SplittableRandom;

/**
 * Test data with a temporal rule: a bright square moves right, left, down or up across a noisy
 * background (label 0–3). Its start is random, so no single frame tells the direction.
 */
final class SyntheticMotion {
    static final int FRAMES = 4;
    static final int SIZE = 32;
    static final int CLASSES = 4;

    private SyntheticMotion() {}

    static ArrayDataset dataset(NDManager manager, int clips, long seed, int batchSize) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] data = new float[clips * 3 * FRAMES * SIZE * SIZE];
        float[] labels = new float[clips];
        int frame = SIZE * SIZE;
        for (int n = 0; n < clips; n++) {
            int label = random.nextInt(CLASSES);
            labels[n] = label;
            int x0 = 6 + random.nextInt(SIZE - 18);
            int y0 = 6 + random.nextInt(SIZE - 18);
            int[] dx = {3, -3, 0, 0};
            int[] dy = {0, 0, 3, -3};
            for (int t = 0; t < FRAMES; t++) {
                int x = x0 + dx[label] * t - (dx[label] < 0 ? 3 * dx[label] : 0);
                int y = y0 + dy[label] * t - (dy[label] < 0 ? 3 * dy[label] : 0);
                for (int c = 0; c < 3; c++) {
                    int base = ((n * 3 + c) * FRAMES + t) * frame;
                    for (int i = 0; i < frame; i++) {
                        data[base + i] = (float) (random.nextGaussian() * 0.2);
                    }
                    for (int yy = y; yy < Math.min(SIZE, y + 5); yy++) {
                        for (int xx = x; xx < Math.min(SIZE, x + 5); xx++) {
                            data[base + yy * SIZE + xx] += 3f;
                        }
                    }
                }
            }
        }
        NDArray x = manager.create(data, new Shape(clips, 3, FRAMES, SIZE, SIZE));
        NDArray y = manager.create(labels, new Shape(clips));
        return new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(batchSize, true).build();
    }

    /**
     * A small VoV3D-style network for 4×32×32 clips. It downsamples 8× (not 32×), so the head's
     * pool is sized as for a 128-pixel crop: 4×4, one position.
     */
    static VideoNetwork network() {
        return VideoNetwork.builder()
                .stem(8)
                .stage(1, 16, 8, TemporalOneShotAggregation.factory(
                        TemporalOneShotAggregation.builder().numUnits(2)))
                .stage(1, 32, 16, TemporalOneShotAggregation.factory(
                        TemporalOneShotAggregation.builder().numUnits(2)))
                .head(X3DHead.builder().innerChannels(32).lin5Channels(32).numClasses(CLASSES)
                        .frames(FRAMES).trainCrop(4 * SIZE).dropout(0f))
                .build();
    }

    static Recipe recipe(int epochs) {
        return Recipe.somethingSomethingScratch().toBuilder()
                .epochs(epochs).referenceBatchSize(8).baseLr(0.1).warmupEpochs(1).warmupStartLr(0.01)
                .preciseBnBatches(2).evalPeriod(epochs).checkpointPeriod(1)
                .frames(FRAMES).trainCrop(SIZE).build();
    }
}
