package io.github.vov3d.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.LayoutType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A depthwise 3-D convolution (one filter per channel, no bias, "same" padding, stride
 * (1, s, s)) that computes its factorised kernels in the form libtorch runs fastest, selected by
 * a {@link DepthwiseAlgorithm}. Its parameter is a {@code weight} of shape C×1×kT×kH×kW, exactly
 * like a DJL {@code Conv3d} with {@code groups = C}, so checkpoints, BatchNorm folding and MAC
 * counting treat it as that convolution; it starts from Kaiming fan-out weights like every
 * convolution of this library.
 *
 * <p>Why its own block: VoV3D's D(2+1)D and the X3D stem spent most of a training step in the
 * backward pass of libtorch's depthwise {@code conv3d}. Two rewrites compute the same sums with
 * kernels libtorch handles well, and copy no activation (for contiguous input):
 * <ul>
 *   <li>a spatial 1×k×k kernel: the N×C×T×H×W input is viewed as N×(C·T)×H×W and convolved by a
 *       grouped {@code conv2d} whose C·T filters are the C filters repeated T times (a broadcast,
 *       so autograd sums their gradients back onto the C filters);</li>
 *   <li>a temporal k×1×1 kernel without spatial stride: each channel's filter becomes a banded
 *       T×T matrix (zero where the "same" padding would read outside the clip), and the input,
 *       viewed as N×C×T×(H·W), is multiplied by it: one batched matrix product, forward and
 *       backward. The matrix costs T / k times the multiplications of the convolution, so clips
 *       longer than {@value #MAX_BANDED_FRAMES} frames (where the two crossed over in our
 *       measurements) use a {@code conv2d} with a k×1 kernel on the same view instead.</li>
 * </ul>
 * A kernel that is neither (X3D's full 3×3×3) runs as {@code conv3d}. One channel works but
 * is not depthwise for libtorch: its dense path returned wrong input gradients at some sizes
 * (libtorch 2.7.1), which is why no layer of this library has a single channel.
 */
public final class DepthwiseConv3d extends Convolution {
    /** Longest clip for which the temporal kernel runs as a banded matrix product. */
    public static final int MAX_BANDED_FRAMES = 32;

    private static final LayoutType[] LAYOUT = {
        LayoutType.BATCH, LayoutType.CHANNEL, LayoutType.DEPTH, LayoutType.HEIGHT, LayoutType.WIDTH
    };

    /** The ways a forward pass can compute; which one follows from kernel, stride and input. */
    enum Form {
        /** {@code conv3d}, as PySlowFast runs it. */
        CONV3D,
        /** Grouped {@code conv2d} over the N×(C·T)×H×W view. */
        SPATIAL_CONV2D,
        /** Banded T×T matrix product over the N×C×T×(H·W) view. */
        TEMPORAL_BANDED_PRODUCT,
        /** k×1 {@code conv2d} over the N×C×T×(H·W) view, for long clips. */
        TEMPORAL_CONV2D
    }

    private final DepthwiseAlgorithm algorithm;

    private DepthwiseConv3d(Builder b) {
        super(b);
        algorithm = b.algorithm;
        setInitializer(new KaimingFanOutInitializer(), Parameter.Type.WEIGHT);
    }

    /**
     * @return a builder; channels and kernel are required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return how this convolution computes its result
     */
    public DepthwiseAlgorithm algorithm() {
        return algorithm;
    }

    /** {@inheritDoc} */
    @Override
    protected LayoutType[] getExpectedLayout() {
        return LAYOUT.clone();
    }

    /** {@inheritDoc} */
    @Override
    protected String getStringLayout() {
        return "NCDHW";
    }

    /** {@inheritDoc} */
    @Override
    protected int numDimensions() {
        return 5;
    }

    /**
     * @param input the N×C×T×H×W input shape
     * @return how a forward pass on that input computes
     */
    Form formFor(Shape input) {
        if (algorithm == DepthwiseAlgorithm.CONV3D) {
            return Form.CONV3D;
        }
        if (kernelShape.get(0) == 1) {
            return Form.SPATIAL_CONV2D;
        }
        if (kernelShape.get(1) == 1 && kernelShape.get(2) == 1 && stride.get(1) == 1 && stride.get(2) == 1) {
            return input.get(2) <= MAX_BANDED_FRAMES ? Form.TEMPORAL_BANDED_PRODUCT : Form.TEMPORAL_CONV2D;
        }
        return Form.CONV3D;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        if (s.dimension() != 5 || s.get(1) != filters) {
            throw new IllegalArgumentException("depthwise convolution over " + filters
                    + " channels expects N×" + filters + "×T×H×W input, got " + s);
        }
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        return switch (formFor(s)) {
            case SPATIAL_CONV2D -> new NDList(spatialAsConv2d(x, w));
            case TEMPORAL_BANDED_PRODUCT -> new NDList(temporalAsBandedProduct(x, w));
            case TEMPORAL_CONV2D -> new NDList(temporalAsConv2d(x, w));
            case CONV3D -> Conv3d.conv3d(x, w, null, stride, padding, dilation, groups);
        };
    }

    private NDArray spatialAsConv2d(NDArray x, NDArray w) {
        Shape s = x.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long t = s.get(2);
        long kh = kernelShape.get(1);
        long kw = kernelShape.get(2);
        NDArray filters = local(x, w.reshape(c, 1, 1, kh, kw))
                .broadcast(new Shape(c, t, 1, kh, kw))
                .reshape(c * t, 1, kh, kw);
        NDArray y = Conv2d.conv2d(x.reshape(n, c * t, s.get(3), s.get(4)), filters, null,
                        new Shape(stride.get(1), stride.get(2)),
                        new Shape(padding.get(1), padding.get(2)),
                        new Shape(1, 1), (int) (c * t))
                .singletonOrThrow();
        Shape ys = y.getShape();
        return y.reshape(n, c, t, ys.get(2), ys.get(3));
    }

    private NDArray temporalAsBandedProduct(NDArray x, NDArray w) {
        Shape s = x.getShape();
        int c = (int) s.get(1);
        int t = (int) s.get(2);
        int k = (int) kernelShape.get(0);
        NDArray taps = local(x, w.reshape(c, k));
        NDArray matrices = taps.matMul(band(x, k, t)).reshape(1, c, t, t);
        return matrices.matMul(x.reshape(s.get(0), c, t, -1)).reshape(s);
    }

    /**
     * The k×(T·T) selection matrix: row j, entry (out, in) is 1 where output frame {@code out}
     * reads input frame {@code in} through tap j. Autograd keeps it for the backward pass, so it
     * must be owned by libtorch: an array made from Java data may share a Java buffer that is
     * released when the array is closed, and backward would then read freed memory (seen as
     * gradients off by orders of magnitude). Hence the copy, in the input's type and device.
     */
    private NDArray band(NDArray x, int k, int t) {
        int pad = (int) padding.get(0);
        float[] band = new float[k * t * t];
        for (int j = 0; j < k; j++) {
            for (int out = 0; out < t; out++) {
                int in = out + j - pad;
                if (in >= 0 && in < t) {
                    band[(j * t + out) * t + in] = 1;
                }
            }
        }
        try (NDArray wrapped = x.getManager().create(band, new Shape(k, (long) t * t))) {
            // duplicate() is libtorch's clone; a same-type toType(…, true) returns the very tensor
            return wrapped.duplicate().toType(x.getDataType(), false).toDevice(x.getDevice(), false);
        }
    }

    private NDArray temporalAsConv2d(NDArray x, NDArray w) {
        Shape s = x.getShape();
        long c = s.get(1);
        long k = kernelShape.get(0);
        return Conv2d.conv2d(x.reshape(s.get(0), c, s.get(2), -1), local(x, w.reshape(c, 1, k, 1)),
                        null, new Shape(1, 1), new Shape(padding.get(0), 0), new Shape(1, 1), (int) c)
                .singletonOrThrow()
                .reshape(s);
    }

    /**
     * An op's result belongs to the manager of the array it was called on; one called on the
     * weight would live as long as the network's parameters, and so would everything computed
     * from it (the whole output). Moving the weight-derived array to the input's manager keeps
     * every intermediate in the caller's scope.
     */
    private static NDArray local(NDArray x, NDArray derived) {
        derived.attach(x.getManager());
        return derived;
    }

    /**
     * Fluent, validated options of {@link DepthwiseConv3d}. The layer's shape is set through
     * {@link #channels}, {@link #kernel} and {@link #spatialStride} only: groups, padding,
     * dilation and the absent bias follow from them, so the generic setters inherited from DJL's
     * convolution builder throw rather than being silently overridden.
     */
    public static final class Builder extends ConvolutionBuilder<Builder> {
        private DepthwiseAlgorithm algorithm = DepthwiseAlgorithm.FASTEST;
        private int kernelT;
        private int kernelH;
        private int kernelW;
        private int spatialStride = 1;

        private Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * @param c channels in and out (also the number of groups)
         * @return this
         */
        public Builder channels(int c) {
            filters = c;
            return this;
        }

        /**
         * @param t odd temporal kernel size
         * @param h odd kernel height
         * @param w odd kernel width
         * @return this
         */
        public Builder kernel(int t, int h, int w) {
            kernelT = t;
            kernelH = h;
            kernelW = w;
            return this;
        }

        /**
         * @param s spatial stride (default 1; time is never strided)
         * @return this
         */
        public Builder spatialStride(int s) {
            spatialStride = s;
            return this;
        }

        /**
         * @param a how to compute (default {@link DepthwiseAlgorithm#FASTEST})
         * @return this
         */
        public Builder algorithm(DepthwiseAlgorithm a) {
            algorithm = a;
            return this;
        }

        /** Not supported: use {@link #kernel}. */
        @Override
        public Builder setKernelShape(Shape kernelShape) {
            throw unsupported("kernel(t, h, w)");
        }

        /** Not supported: use {@link #spatialStride}. */
        @Override
        public Builder optStride(Shape stride) {
            throw unsupported("spatialStride(s)");
        }

        /** Not supported: the padding is always "same" ({@code kernel / 2}). */
        @Override
        public Builder optPadding(Shape padding) {
            throw unsupported("kernel(t, h, w), which sets \"same\" padding");
        }

        /** Not supported: dilation is always 1. */
        @Override
        public Builder optDilation(Shape dilation) {
            throw unsupported("an undilated kernel");
        }

        /** Not supported: use {@link #channels}. */
        @Override
        public Builder setFilters(int filters) {
            throw unsupported("channels(c)");
        }

        /** Not supported: the groups always equal the channels. */
        @Override
        public Builder optGroups(int groups) {
            throw unsupported("channels(c), which sets one group per channel");
        }

        /** Not supported: a depthwise layer here has no bias (a BatchNorm follows). */
        @Override
        public Builder optBias(boolean bias) {
            throw unsupported("a bias-free layer");
        }

        private static UnsupportedOperationException unsupported(String instead) {
            return new UnsupportedOperationException(
                    "DepthwiseConv3d.Builder derives this option; use " + instead);
        }

        /**
         * @return the convolution
         * @throws IllegalArgumentException for non-positive channels, even or non-positive
         *     kernel sizes, a stride below 1 or a null algorithm
         */
        public DepthwiseConv3d build() {
            VideoBlock.require(filters > 0, "depthwise convolution needs positive channels, got " + filters);
            VideoBlock.require(kernelT > 0 && kernelH > 0 && kernelW > 0
                            && kernelT % 2 == 1 && kernelH % 2 == 1 && kernelW % 2 == 1,
                    "depthwise kernel sizes must be odd and positive (same padding), got "
                            + kernelT + "×" + kernelH + "×" + kernelW);
            VideoBlock.require(spatialStride >= 1, "spatial stride must be >= 1, got " + spatialStride);
            VideoBlock.require(algorithm != null, "depthwise algorithm must not be null");
            groups = filters;
            includeBias = false;
            dilation = new Shape(1, 1, 1);
            kernelShape = new Shape(kernelT, kernelH, kernelW);
            stride = new Shape(1, spatialStride, spatialStride);
            padding = new Shape(kernelT / 2, kernelH / 2, kernelW / 2);
            return new DepthwiseConv3d(this);
        }
    }
}
