package io.github.vov3d.blocks.network;

import io.github.vov3d.blocks.DepthwiseAlgorithm;
import io.github.vov3d.blocks.X3DHead;
import io.github.vov3d.blocks.X3DStem;

/**
 * What every network family's builder shares: the task (classes), the training clip the head is
 * sized for (frames, crop), and the head's regularisation. Family builders add their own widths
 * and depths, and how the depthwise convolutions compute.
 *
 * @param <B> the concrete builder, for fluent chaining
 */
public abstract class NetworkBuilder<B extends NetworkBuilder<B>> {
    private int numClasses = 400;
    private int frames = 16;
    private int trainCrop = 224;
    private float dropout = 0.5f;
    private int lin5Channels = 2048;
    private DepthwiseAlgorithm depthwiseAlgorithm = DepthwiseAlgorithm.FASTEST;

    /** Creates a builder with Kinetics-400 defaults (400 classes, 16 frames, 224 crop). */
    protected NetworkBuilder() {}

    /** @return this, typed */
    protected abstract B self();

    /** @return the network */
    public abstract VideoNetwork build();

    /** @param n number of classes (default 400) @return this */
    public B numClasses(int n) {
        numClasses = n;
        return self();
    }

    /** @param t frames of a training clip (default 16) @return this */
    public B frames(int t) {
        frames = t;
        return self();
    }

    /** @param s training crop, fixes the head's pool (default 224) @return this */
    public B trainCrop(int s) {
        trainCrop = s;
        return self();
    }

    /** @param p dropout before the classifier (default 0.5) @return this */
    public B dropout(float p) {
        dropout = p;
        return self();
    }

    /** @param c width of the head's lin_5 (default 2048) @return this */
    public B lin5Channels(int c) {
        lin5Channels = c;
        return self();
    }

    /** @return the configured class count */
    public int numClasses() {
        return numClasses;
    }

    /** @return the configured frame count */
    public int frames() {
        return frames;
    }

    /**
     * @param a how every depthwise convolution computes (default
     *     {@link DepthwiseAlgorithm#FASTEST}; {@link DepthwiseAlgorithm#CONV3D} runs them as
     *     PySlowFast does, the reference the benchmark's straightforward mode uses)
     * @return this
     */
    public B depthwiseAlgorithm(DepthwiseAlgorithm a) {
        if (a == null) {
            throw new IllegalArgumentException("depthwise algorithm must not be null");
        }
        depthwiseAlgorithm = a;
        return self();
    }

    /**
     * @return how the depthwise convolutions compute (family builders pass it to every stem and
     *     unit they create)
     */
    public DepthwiseAlgorithm depthwiseAlgorithm() {
        return depthwiseAlgorithm;
    }

    /**
     * The stem every family starts with, created here so that it gets this builder's depthwise
     * algorithm like the rest of the network.
     *
     * @param channels the stem's width
     * @return X3D's stem builder with this builder's depthwise algorithm
     */
    protected X3DStem.Builder stemBuilder(int channels) {
        return X3DStem.builder().outChannels(channels).depthwiseAlgorithm(depthwiseAlgorithm);
    }

    /** @return the configured training crop */
    public int trainCrop() {
        return trainCrop;
    }

    /**
     * @param innerChannels width of the head's conv_5
     * @return a head builder with the shared options applied
     */
    protected X3DHead.Builder head(int innerChannels) {
        return X3DHead.builder()
                .innerChannels(innerChannels)
                .lin5Channels(lin5Channels)
                .numClasses(numClasses)
                .frames(frames)
                .trainCrop(trainCrop)
                .dropout(dropout);
    }

    /**
     * @param values an array argument
     * @param expected its required length
     * @param what the option's name for the message
     * @return a defensive copy
     */
    protected static int[] copyOf(int[] values, int expected, String what) {
        if (values == null || values.length != expected) {
            throw new IllegalArgumentException(
                    what + " needs " + expected + " values, got "
                            + (values == null ? "null" : java.util.Arrays.toString(values)));
        }
        return values.clone();
    }
}
