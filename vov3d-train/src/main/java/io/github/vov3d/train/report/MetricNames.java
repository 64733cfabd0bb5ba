package io.github.vov3d.train.report;

/**
 * The conventional names of values and phases in a {@link MetricRecord}.
 *
 * <p>The plots look for exactly these names, so a trainer that uses them gets its curves
 * without any configuration; other names are still logged, just not plotted.
 */
public final class MetricNames {
    /** Phase of records measured on training batches. */
    public static final String TRAIN = "train";
    /** Phase of records measured on the validation set. */
    public static final String VAL = "val";
    /** Phase of records measured on the test set. */
    public static final String TEST = "test";

    /** Mean loss. */
    public static final String LOSS = "loss";
    /** Learning rate in effect. */
    public static final String LR = "lr";
    /** Top-1 accuracy. */
    public static final String TOP1 = "top1";
    /** Top-5 accuracy. */
    public static final String TOP5 = "top5";
    /** Throughput in clips per second. */
    public static final String CLIPS_PER_S = "clips_per_s";

    private MetricNames() {
    }
}
