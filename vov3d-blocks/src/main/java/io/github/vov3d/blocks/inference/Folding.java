package io.github.vov3d.blocks.inference;

/**
 * The exact algebra behind the fast path, on plain arrays in double precision (rounded to float
 * once at the end): folding an inference-mode BatchNorm into the convolution before it, and
 * composing a depthwise 1×k×k kernel with a depthwise kt×1×1 kernel into one kt×k×k kernel.
 * Both are linear identities, so the folded network computes the same function up to float
 * rounding.
 */
final class Folding {
    private Folding() {}

    /**
     * Inference-mode BatchNorm statistics of one layer.
     *
     * @param gamma scale
     * @param beta shift
     * @param mean running mean
     * @param var running variance
     * @param eps epsilon
     */
    record BatchNormStats(float[] gamma, float[] beta, float[] mean, float[] var, double eps) {
        BatchNormStats {
            int c = gamma.length;
            if (beta.length != c || mean.length != c || var.length != c) {
                throw new IllegalArgumentException("BatchNorm parameters of unequal length");
            }
        }
    }

    /**
     * Weights in double precision with their per-output-channel bias.
     *
     * @param weight row-major weight, output channel first
     * @param bias one entry per output channel
     */
    record Folded(double[] weight, double[] bias) {
        float[] weightAsFloat() {
            return toFloat(weight);
        }

        float[] biasAsFloat() {
            return toFloat(bias);
        }
    }

    /**
     * @param weight convolution weight, output channel first
     * @param bias its bias, or null for none
     * @param outChannels output channels
     * @return the same in double precision (a zero bias when none)
     */
    static Folded of(float[] weight, float[] bias, int outChannels) {
        if (weight.length % outChannels != 0) {
            throw new IllegalArgumentException("weight size " + weight.length
                    + " is not a multiple of " + outChannels + " output channels");
        }
        double[] w = new double[weight.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = weight[i];
        }
        double[] b = new double[outChannels];
        if (bias != null) {
            for (int i = 0; i < outChannels; i++) {
                b[i] = bias[i];
            }
        }
        return new Folded(w, b);
    }

    /**
     * {@code bn(conv(x)) = conv'(x)} with {@code w' = w·s}, {@code b' = (b − mean)·s + beta},
     * {@code s = gamma / sqrt(var + eps)} per output channel.
     *
     * @param conv the convolution
     * @param bn the BatchNorm that follows it
     * @return the folded convolution
     */
    static Folded foldBatchNorm(Folded conv, BatchNormStats bn) {
        int out = conv.bias().length;
        if (bn.gamma().length != out) {
            throw new IllegalArgumentException("BatchNorm over " + bn.gamma().length
                    + " channels after a convolution with " + out);
        }
        int per = conv.weight().length / out;
        double[] w = new double[conv.weight().length];
        double[] b = new double[out];
        for (int o = 0; o < out; o++) {
            double s = bn.gamma()[o] / Math.sqrt(bn.var()[o] + bn.eps());
            for (int i = 0; i < per; i++) {
                w[o * per + i] = conv.weight()[o * per + i] * s;
            }
            b[o] = (conv.bias()[o] - bn.mean()[o]) * s + bn.beta()[o];
        }
        return new Folded(w, b);
    }

    /**
     * The depthwise kernel of {@code temporal(spatial(x))}: {@code w[c,t,h,w] = wt[c,t]·ws[c,h,w]}.
     * Exact with zero padding, because the spatial convolution of a zero frame is zero.
     *
     * @param spatial depthwise 1×k×k weight, C·k·k values
     * @param temporal depthwise kt×1×1 weight, C·kt values
     * @param channels C
     * @return the C·kt·k·k kernel with zero bias
     */
    static Folded composeDepthwise(float[] spatial, float[] temporal, int channels) {
        int area = spatial.length / channels;
        int depth = temporal.length / channels;
        double[] w = new double[channels * depth * area];
        for (int c = 0; c < channels; c++) {
            for (int t = 0; t < depth; t++) {
                double wt = temporal[c * depth + t];
                for (int a = 0; a < area; a++) {
                    w[(c * depth + t) * area + a] = wt * spatial[c * area + a];
                }
            }
        }
        return new Folded(w, new double[channels]);
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
