package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import io.github.vov3d.blocks.Nonlinearity;

/**
 * A 3-D convolution with everything that followed it linearly (BatchNorm, a second depthwise
 * kernel) already folded into its weight and bias: one pass over memory where the
 * straightforward network makes two or three. It reads and writes {@link ChannelsLast} arrays.
 *
 * <p>A pointwise (1×1×1) convolution is a linear layer over the N·T·H·W rows, after keeping
 * every s-th position when it is strided (exactly what a strided 1×1×1 convolution computes),
 * run by the network's {@link FusedKernels} with the ReLU or residual sum that follows it fused
 * in where the caller asks: oneDNN's inner product on the PyTorch engine's CPU, one {@code
 * addmm} (bias included) elsewhere. It never goes to oneDNN's convolution on channels-last
 * input: libtorch 2.7.1's oneDNN 1×1×1 convolution returned wrong values there at several sizes,
 * strided or not (e.g. N = 1, 80→40 channels at 16×28×28 — a VoV3D-M size; see
 * ChannelsLastConvolutionTest). A dense convolution whose kernel is one frame deep (the stem's
 * 1×3×3) is a 2-D convolution of each frame: the N×T×H×W×C array is already an (N·T)×H×W×C batch
 * of channels-last images, so it runs as {@code conv2d} on that view and oneDNN writes the
 * result channels-last. As {@code conv3d}, libtorch sent the stem at batch 1 (three input
 * channels) to its im2col path, copying the clip back to channels-first on the way in and the
 * result to channels-last on the way out: 12–19 ms for VoV3D-M's stem against 4–5 ms. Any other
 * convolution (depthwise, X3D's 3×3×3) runs as {@code conv3d} on a channels-first view, which
 * oneDNN computes channels-last without copying its result out. Every form was checked against
 * the channels-first result over random sizes.
 */
final class FoldedConv implements InferenceOp {
    private static final Shape NO_DILATION = new Shape(1, 1, 1);
    private static final Shape UNIT = new Shape(1, 1, 1);
    private static final Shape NO_PADDING = new Shape(0, 0, 0);

    private final NDArray kernel;
    private final NDArray matrix;
    private final NDArray bias;
    private final Shape stride;
    private final Shape padding;
    private final int groups;
    private final NDIndex subsampling;
    private final NDArray frameKernel;
    private final FusedKernels kernels;

    private FoldedConv(NDArray kernel, NDArray matrix, NDArray bias, Shape stride, Shape padding,
            int groups, FusedKernels kernels) {
        this.kernels = kernels;
        this.kernel = kernel;
        this.matrix = matrix;
        this.bias = bias;
        this.stride = stride;
        this.padding = padding;
        this.groups = groups;
        subsampling = matrix == null || stride.equals(UNIT) ? null
                : new NDIndex(":, ::" + stride.get(0) + ", ::" + stride.get(1) + ", ::"
                        + stride.get(2) + ", :");
        frameKernel = kernel != null && isFrameWise(kernel.getShape(), stride, padding, groups)
                ? kernel.reshape(kernel.getShape().get(0), kernel.getShape().get(1),
                        kernel.getShape().get(3), kernel.getShape().get(4))
                : null;
    }

    /**
     * Whether a (non-pointwise) convolution is computed frame by frame: dense, one frame deep,
     * nothing done along time. A 1×1 kernel never is: that is the shape oneDNN gets wrong on
     * channels-last input.
     *
     * @param weight the weight's shape, O×(I/groups)×kt×kh×kw
     * @param stride the stride
     * @param padding the zero padding
     * @param groups channel groups
     * @return true when {@code conv2d} over the frames computes the convolution
     */
    static boolean isFrameWise(Shape weight, Shape stride, Shape padding, int groups) {
        return groups == 1 && weight.get(2) == 1 && stride.get(0) == 1 && padding.get(0) == 0
                && weight.get(3) * weight.get(4) > 1;
    }

    /**
     * @param manager where the weights live (the compiled network's)
     * @param weight the folded weight, row-major O×(I/groups)×kt×kh×kw
     * @param shape that weight's shape
     * @param bias the folded bias (O values), or null for none
     * @param stride the stride
     * @param padding the zero padding
     * @param groups channel groups
     * @param kernels what runs a pointwise product and the activations fused into this one
     * @return the convolution in the form it runs in
     */
    static FoldedConv of(NDManager manager, float[] weight, Shape shape, float[] bias,
            Shape stride, Shape padding, int groups, FusedKernels kernels) {
        boolean pointwise = groups == 1 && shape.slice(2).equals(UNIT)
                && padding.equals(NO_PADDING);
        NDArray kernel = null;
        NDArray matrix = null;
        if (pointwise) {
            matrix = manager.create(weight, new Shape(shape.get(0), shape.get(1)));
        } else {
            kernel = manager.create(weight, shape);
        }
        NDArray b = bias != null ? manager.create(bias)
                : pointwise ? manager.zeros(new Shape(shape.get(0))) // the products take a bias
                : null;
        return new FoldedConv(kernel, matrix, b, stride, padding, groups, kernels);
    }

    /** @return the channels this convolution reads */
    long inputChannels() {
        return matrix != null ? matrix.getShape().get(1) : kernel.getShape().get(1) * groups;
    }

    /** @return whether this is a pointwise (1×1×1) convolution, run as a matrix product */
    boolean isPointwise() {
        return matrix != null;
    }

    /** @return whether this is a depthwise convolution (one input channel per output) */
    boolean isDepthwise() {
        return kernel != null && kernel.getShape().get(1) == 1 && groups > 1
                && groups == kernel.getShape().get(0);
    }

    /**
     * Writes this pointwise convolution, with what the caller fuses around it, into a native
     * program: {@code relu?(W · act(gate ⊙ x) + b + addend)}, every s-th position when strided.
     *
     * @param out the program being written
     * @param x the input buffer (kept)
     * @param addend a buffer of the result's shape to add (kept unless written over), or {@link
     *     NativeProgramWriter#NONE}
     * @param into {@code addend} to write the result over it, or {@link NativeProgramWriter#NONE}
     * @param relu whether ReLU comes last
     * @param gate a channel gate of the input (an SE layer's), or {@link NativeProgramWriter#NONE}
     * @param inputActivation applied to the gated input as it is read, or null
     * @return the result's buffer
     */
    int emitNativePointwise(NativeProgramWriter out, int x, int addend, int into, boolean relu,
            int gate, Nonlinearity inputActivation) {
        if (matrix == null) {
            throw new IllegalStateException("not a pointwise convolution");
        }
        return out.pointwise(x, matrixValues(), biasValues(), inputs(), outputs(), ints(stride),
                addend, into, relu, gate, inputActivation);
    }

    /**
     * Writes this depthwise convolution into a native program.
     *
     * @param out the program being written
     * @param x the input buffer (kept)
     * @param activation applied to the result, or null
     * @return the result's buffer
     * @throws NotCompilableException for any other convolution
     */
    int emitNativeConvolution(NativeProgramWriter out, int x, Nonlinearity activation) {
        int[] k = ints(kernel.getShape());
        if (!isDepthwise() || x == NativeProgramWriter.INPUT) {
            throw new NotCompilableException("no native form for a " + kernel.getShape()
                    + " convolution in " + groups + " groups");
        }
        return out.depthwise(x, kernel.toFloatArray(), biasOrNull(), groups, extent(k),
                ints(stride), ints(padding), activation);
    }

    /**
     * Writes this frame-wise stem convolution and the depthwise one reading its result as one
     * fused native record ({@link NativeProgramWriter#stemDepthwise}).
     *
     * @param out the program being written
     * @param x the input buffer: the clip (a stem record reads nothing else)
     * @param depthwise the depthwise convolution after it
     * @param activation applied to the depthwise result, or null
     * @return the depthwise result's buffer
     * @throws NotCompilableException unless this runs frame-wise on the clip and the next is
     *     depthwise
     */
    int emitNativeStemDepthwise(NativeProgramWriter out, int x, FoldedConv depthwise,
            Nonlinearity activation) {
        if (frameKernel == null || x != NativeProgramWriter.INPUT || !depthwise.isDepthwise()) {
            throw new NotCompilableException("no native form for a " + kernel.getShape()
                    + " stem followed by a " + depthwise.kernel.getShape() + " convolution");
        }
        int[] k = ints(kernel.getShape());
        if (depthwise.groups != k[0]) {
            throw new NotCompilableException("a stem of " + k[0] + " channels followed by a "
                    + "depthwise convolution of " + depthwise.groups);
        }
        int[] s = ints(stride);
        int[] p = ints(padding);
        return out.stemDepthwise(kernel.toFloatArray(), biasOrNull(), k[1], k[0],
                new int[] {k[3], k[4]}, new int[] {s[1], s[2]}, new int[] {p[1], p[2]},
                depthwise.kernel.toFloatArray(), depthwise.biasOrNull(),
                extent(ints(depthwise.kernel.getShape())), ints(depthwise.stride),
                ints(depthwise.padding), activation);
    }

    /**
     * Writes this unstrided pointwise convolution and the depthwise one reading its result as
     * one fused native record ({@link NativeProgramWriter#expandDepthwise}).
     *
     * @param out the program being written
     * @param x the input buffer (kept)
     * @param relu whether ReLU follows this convolution
     * @param depthwise the depthwise convolution after it
     * @param activation applied to the depthwise result, or null
     * @return the depthwise result's buffer
     */
    int emitNativeExpandDepthwise(NativeProgramWriter out, int x, boolean relu,
            FoldedConv depthwise, Nonlinearity activation) {
        if (matrix == null || !stride.equals(UNIT) || !depthwise.isDepthwise()) {
            throw new IllegalStateException("not an unstrided pointwise convolution followed by "
                    + "a depthwise one");
        }
        return out.expandDepthwise(x, matrix.toFloatArray(), bias.toFloatArray(), inputs(),
                outputs(), relu, depthwise.kernel.toFloatArray(), depthwise.biasOrNull(),
                extent(ints(depthwise.kernel.getShape())), ints(depthwise.stride),
                ints(depthwise.padding), activation);
    }

    /** @return whether this is an unstrided pointwise convolution */
    boolean isUnstridedPointwise() {
        return matrix != null && stride.equals(UNIT);
    }

    /** @return the pointwise weight, outputs × inputs row-major (for the SE layers' products) */
    float[] matrixValues() {
        return matrix.toFloatArray();
    }

    /** @return the pointwise bias (zeros where the layer has none) */
    float[] biasValues() {
        return bias.toFloatArray();
    }

    /** @return a pointwise convolution's input channels */
    int inputs() {
        return Math.toIntExact(matrix.getShape().get(1));
    }

    /** @return a pointwise convolution's output channels */
    int outputs() {
        return Math.toIntExact(matrix.getShape().get(0));
    }

    private float[] biasOrNull() {
        return bias == null ? null : bias.toFloatArray();
    }

    /** @return kt, kh, kw of an O×I×kt×kh×kw kernel's extents */
    private static int[] extent(int[] kernelShape) {
        return new int[] {kernelShape[2], kernelShape[3], kernelShape[4]};
    }

    private static int[] ints(Shape shape) {
        int[] values = new int[shape.dimension()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.toIntExact(shape.get(i));
        }
        return values;
    }

    /** @return whether this convolution runs as {@code conv2d} over the frames */
    boolean runsFrameWise() {
        return frameKernel != null;
    }

    /**
     * @param x an N×T×H×W×C channels-last array (left open)
     * @return the N×T'×H'×W'×O channels-last result, a new array
     */
    @Override
    public NDArray apply(NDArray x) {
        return apply(x, null, false);
    }

    /**
     * The convolution with what follows it fused in: {@code relu?(conv(x) + addend?)}.
     *
     * @param x an N×T×H×W×C channels-last array (left open)
     * @param addend an array of the result's shape to add (left open), or null; only a pointwise
     *     convolution takes one
     * @param relu whether to apply ReLU last
     * @return the N×T'×H'×W'×O channels-last result, a new array
     */
    NDArray apply(NDArray x, NDArray addend, boolean relu) {
        if (matrix == null) {
            if (addend != null) {
                throw new IllegalStateException("only a pointwise convolution fuses a sum");
            }
            NDArray y = convolve(x);
            return relu ? kernels.relu(y) : y;
        }
        Shape s = x.getShape();
        long out = matrix.getShape().get(0);
        NDArray kept = subsampling == null ? x : x.get(subsampling);
        try (NDArray rows = kept.reshape(-1, s.get(4));
                NDArray addendRows = addend == null ? null : addend.reshape(-1, out);
                NDArray product = kernels.linear(rows, matrix, bias, addendRows, relu)) {
            Shape k = kept.getShape();
            return product.reshape(k.get(0), k.get(1), k.get(2), k.get(3), out);
        } finally {
            if (kept != x) {
                kept.close();
            }
        }
    }

    /**
     * Writes {@link #apply(NDArray, NDArray, boolean)} into a stage's TorchScript, in the same
     * forms, with a pointwise product always on oneDNN's fused inner product: a stage's pointwise
     * convolutions run over thousands of rows at any useful clip size (VoV3D-M's smallest, at
     * 7×7×16, is 65 million multiply-accumulates), and inside a script the fused call costs no
     * more than {@code addmm}. The SE layers' products, one row per clip, take {@link
     * #emitMatrixProduct} instead.
     *
     * @param out the stage being written
     * @param x the variable holding the channels-last input
     * @param addend the variable holding the array to add, or null
     * @param relu whether to apply ReLU last
     * @return the variable holding the channels-last result
     */
    String emit(TorchScriptWriter out, String x, String addend, boolean relu) {
        if (matrix == null) {
            if (addend != null) {
                throw new IllegalStateException("only a pointwise convolution fuses a sum");
            }
            String y = frameKernel != null ? emitFrames(out, x) : emitVolume(out, x);
            if (relu) {
                out.activateInPlace(Nonlinearity.RELU, y);
            }
            return y;
        }
        String kept = kept(out, x);
        String rows = rows(out, kept);
        String addendRows = addend == null ? null
                : out.let("torch.reshape(" + addend + ", [-1, " + matrix.getShape().get(0) + "])");
        String product = out.let(TorchScriptWriter.fusedLinear(rows, addendRows,
                out.weight(matrix), out.weight(bias), relu));
        return unrows(out, kept, product);
    }

    /**
     * Writes a pointwise convolution as a plain matrix product ({@code addmm}, then ReLU in
     * place): the form for products too small for oneDNN's fixed cost, like the SE layers'.
     *
     * @param out the stage being written
     * @param x the variable holding the channels-last input
     * @param relu whether to apply ReLU last
     * @return the variable holding the channels-last result
     */
    String emitMatrixProduct(TorchScriptWriter out, String x, boolean relu) {
        if (matrix == null) {
            throw new IllegalStateException("only a pointwise convolution is a matrix product");
        }
        String kept = kept(out, x);
        String product = out.let("torch.addmm(" + out.weight(bias) + ", " + rows(out, kept)
                + ", torch.t(" + out.weight(matrix) + "))");
        if (relu) {
            out.activateInPlace(Nonlinearity.RELU, product);
        }
        return unrows(out, kept, product);
    }

    private String kept(TorchScriptWriter out, String x) {
        return subsampling == null ? x : out.let(x + "[:, ::" + stride.get(0) + ", ::"
                + stride.get(1) + ", ::" + stride.get(2) + "]");
    }

    private String rows(TorchScriptWriter out, String x) {
        return out.let("torch.reshape(" + x + ", [-1, " + matrix.getShape().get(1) + "])");
    }

    private String unrows(TorchScriptWriter out, String kept, String product) {
        return out.let("torch.reshape(" + product + ", [torch.size(" + kept + ", 0), torch.size("
                + kept + ", 1), torch.size(" + kept + ", 2), torch.size(" + kept + ", 3), "
                + matrix.getShape().get(0) + "])");
    }

    private String emitVolume(TorchScriptWriter out, String x) {
        return out.let("torch.contiguous(torch.permute(torch.conv3d(torch.permute(" + x
                + ", [0, 4, 1, 2, 3]), " + out.weight(kernel) + ", " + optional(out, bias) + ", "
                + list(stride) + ", " + list(padding) + ", [1, 1, 1], " + groups
                + "), [0, 2, 3, 4, 1]))");
    }

    private String emitFrames(TorchScriptWriter out, String x) {
        String frames = out.let("torch.permute(torch.reshape(" + x + ", [-1, torch.size(" + x
                + ", 2), torch.size(" + x + ", 3), torch.size(" + x + ", 4)]), [0, 3, 1, 2])");
        String o = out.let("torch.contiguous(torch.permute(torch.conv2d(" + frames + ", "
                + out.weight(frameKernel) + ", " + optional(out, bias) + ", "
                + list(stride.slice(1)) + ", " + list(padding.slice(1))
                + ", [1, 1], 1), [0, 2, 3, 1]))");
        return out.let("torch.reshape(" + o + ", [torch.size(" + x + ", 0), torch.size(" + x
                + ", 1), torch.size(" + o + ", 1), torch.size(" + o + ", 2), torch.size(" + o
                + ", 3)])");
    }

    private static String optional(TorchScriptWriter out, NDArray array) {
        return array == null ? "None" : out.weight(array);
    }

    private static String list(Shape shape) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < shape.dimension(); i++) {
            s.append(i == 0 ? "" : ", ").append(shape.get(i));
        }
        return s.append(']').toString();
    }

    private NDArray convolve(NDArray x) {
        if (frameKernel != null) {
            return convolveFrames(x);
        }
        try (NDArray view = ChannelsLast.asChannelsFirst(x);
                NDArray out = Conv3d.conv3d(view, kernel, bias, stride, padding, NO_DILATION,
                        groups).singletonOrThrow()) {
            return ChannelsLast.of(out);
        }
    }

    private NDArray convolveFrames(NDArray x) {
        Shape s = x.getShape();
        long n = s.get(0);
        long t = s.get(1);
        try (NDArray frames = x.reshape(n * t, s.get(2), s.get(3), s.get(4));
                NDArray view = frames.transpose(0, 3, 1, 2);
                NDArray out = Conv2d.conv2d(view, frameKernel, bias,
                        new Shape(stride.get(1), stride.get(2)),
                        new Shape(padding.get(1), padding.get(2)), new Shape(1, 1), 1)
                        .singletonOrThrow();
                NDArray last = out.transpose(0, 2, 3, 1);
                // a view when oneDNN wrote channels-last, as it does for channels-last input
                NDArray dense = ChannelsLast.contiguous(last)) {
            Shape o = dense.getShape();
            return dense.reshape(n, t, o.get(1), o.get(2), o.get(3));
        }
    }
}
