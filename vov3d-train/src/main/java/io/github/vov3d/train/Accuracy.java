package io.github.vov3d.train;

/**
 * Top-1 / top-5 counts over some samples (clips or videos). Counts, not ratios, so partial
 * results from batches and devices add up exactly.
 *
 * @param samples how many were scored
 * @param top1 how many had the label as the best class
 * @param top5 how many had the label among the five best
 */
public record Accuracy(long samples, long top1, long top5) {
    /** Nothing scored yet. */
    public static final Accuracy NONE = new Accuracy(0, 0, 0);

    /** Validates the counts. */
    public Accuracy {
        if (samples < 0 || top1 < 0 || top5 < top1 || samples < top5) {
            throw new IllegalArgumentException("inconsistent counts " + samples + "/" + top1 + "/" + top5);
        }
    }

    /**
     * Scores one row of class scores.
     *
     * @param scores class scores (probabilities or logits)
     * @param label the true class
     * @return the accuracy of this single sample
     */
    public static Accuracy of(float[] scores, int label) {
        if (label < 0 || label >= scores.length) {
            throw new IllegalArgumentException("label " + label + " outside 0.." + (scores.length - 1));
        }
        int better = 0;
        for (float s : scores) {
            if (s > scores[label]) {
                better++;
            }
        }
        return new Accuracy(1, better == 0 ? 1 : 0, better < 5 ? 1 : 0);
    }

    /** @param other more counts @return the sum */
    public Accuracy plus(Accuracy other) {
        return new Accuracy(samples + other.samples, top1 + other.top1, top5 + other.top5);
    }

    /** @return top-1 accuracy in [0, 1] (0 when nothing was scored) */
    public double top1Rate() {
        return samples == 0 ? 0 : (double) top1 / samples;
    }

    /** @return top-5 accuracy in [0, 1] (0 when nothing was scored) */
    public double top5Rate() {
        return samples == 0 ? 0 : (double) top5 / samples;
    }
}
