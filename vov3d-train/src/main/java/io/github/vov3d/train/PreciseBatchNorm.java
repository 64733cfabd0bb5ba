package io.github.vov3d.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import io.github.vov3d.blocks.network.ScopedForward;
import io.github.vov3d.blocks.network.VideoNetwork;
import ai.djl.training.dataset.Batch;
import io.github.vov3d.blocks.Layers;
import java.util.ArrayList;
import java.util.List;

/**
 * Precise BN (Wu &amp; Johnson, 2021; PySlowFast's {@code calculate_and_update_precise_bn}):
 * before evaluating, replace every BatchNorm's running statistics by the exact average of its
 * batch statistics over N training batches. The exponential average kept during training lags
 * behind the weights and is noisy at small batch sizes; this removes both effects.
 *
 * <p>DJL's BatchNorm has a fixed momentum, so each batch's statistics are recovered exactly: the
 * running values are zeroed before a training-mode forward, after which they hold
 * {@code (1 − momentum) × batch statistic} (unbiased variance, as in PyTorch).
 */
public final class PreciseBatchNorm {
    private static final float NEW_WEIGHT = 1 - Layers.BN_MOMENTUM;

    private PreciseBatchNorm() {}

    /**
     * @param network the network (its BatchNorms must use {@link Layers#batchNorm})
     * @param store the parameter store of the training loop
     * @param batches training batches (only the clips are used; each batch is closed after use)
     * @param maxBatches how many batches to average (at most)
     * @return the number of batches averaged
     */
    public static int recompute(Block network, ParameterStore store, Iterable<Batch> batches, int maxBatches) {
        List<Parameter[]> stats = new ArrayList<>();
        collect(network, stats);
        List<NDArray[]> sums = new ArrayList<>();
        for (Parameter[] s : stats) {
            sums.add(new NDArray[] {s[0].getArray().zerosLike(), s[1].getArray().zerosLike()});
        }
        int used = 0;
        for (Batch batch : batches) {
            if (used == maxBatches) {
                batch.close();
                break;
            }
            for (Parameter[] s : stats) {
                s[0].getArray().subi(s[0].getArray());
                s[1].getArray().subi(s[1].getArray());
            }
            try (batch) {
                NDArray clip = batch.getData().head();
                if (network instanceof VideoNetwork video) {
                    ScopedForward.run(video, store, clip, true).close();
                } else {
                    network.forward(store, new NDList(clip), true).close();
                }
            }
            for (int i = 0; i < stats.size(); i++) {
                for (int k = 0; k < 2; k++) {
                    try (NDArray batchStatistic = stats.get(i)[k].getArray().div(NEW_WEIGHT)) {
                        sums.get(i)[k].addi(batchStatistic);
                    }
                }
            }
            used++;
        }
        if (used == 0) {
            throw new IllegalArgumentException("precise BN needs at least one training batch");
        }
        for (int i = 0; i < stats.size(); i++) {
            for (int k = 0; k < 2; k++) {
                NDArray target = stats.get(i)[k].getArray();
                target.subi(target).addi(sums.get(i)[k].divi(used));
                sums.get(i)[k].close();
            }
        }
        return used;
    }

    private static void collect(Block block, List<Parameter[]> out) {
        if (block instanceof BatchNorm) {
            out.add(new Parameter[] {
                block.getDirectParameters().get("runningMean"), block.getDirectParameters().get("runningVar")});
        }
        block.getChildren().values().forEach(child -> collect(child, out));
    }
}
