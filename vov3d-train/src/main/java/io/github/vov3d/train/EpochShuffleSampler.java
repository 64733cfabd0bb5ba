package io.github.vov3d.train;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Shuffles a dataset with a seed derived from (run seed, epoch), so an epoch's order is the same
 * whether the run went straight through or was killed and resumed. DJL's own random sampler
 * draws from a global generator, which a resumed run cannot reproduce.
 */
public final class EpochShuffleSampler implements Sampler.SubSampler {
    private final long seed;

    /**
     * @param runSeed the run's seed
     * @param epoch the epoch this order is for
     */
    public EpochShuffleSampler(long runSeed, int epoch) {
        this.seed = runSeed * 1_000_003L + epoch;
    }

    @Override
    public Iterator<Long> sample(RandomAccessDataset dataset) {
        long size = dataset.size();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("dataset too large to shuffle in memory: " + size);
        }
        long[] order = new long[(int) size];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < order.length;
            }

            @Override
            public Long next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return order[next++];
            }
        };
    }
}
