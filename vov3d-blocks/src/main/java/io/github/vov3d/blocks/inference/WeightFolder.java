package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.norm.BatchNorm;
import io.github.vov3d.blocks.Layers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads convolution and BatchNorm weights out of a trained block tree and writes the folded
 * forms into the compiled network's own manager. Copies, never views: the compiled network
 * stays valid (and unchanged) if the source network is trained further or closed.
 */
final class WeightFolder {
    private final NDManager manager;
    private final FusedKernels kernels;

    /**
     * @param manager where the folded weights go
     * @param kernels what the folded convolutions (and the ops around them) run with
     */
    WeightFolder(NDManager manager, FusedKernels kernels) {
        this.manager = manager;
        this.kernels = kernels;
    }

    NDManager manager() {
        return manager;
    }

    FusedKernels kernels() {
        return kernels;
    }

    /** A convolution as it is (bias kept if it has one). */
    FoldedConv conv(Block block) {
        Convolution c = convolution(block);
        return create(c, read(c));
    }

    /** A convolution with the BatchNorm that follows it folded in. */
    FoldedConv convBn(Block conv, Block bn) {
        Convolution c = convolution(conv);
        return create(c, Folding.foldBatchNorm(read(c), stats(bn)));
    }

    /**
     * A pointwise convolution with its BatchNorm folded in, cut along its input channels: the
     * convolution of a channel concatenation is the sum of the parts' convolutions with the
     * matching weight columns. Only the first part carries the bias, so the parts sum to the
     * whole.
     *
     * @param conv a 1×1×1 convolution
     * @param bn the BatchNorm after it
     * @param widths the input width of every part, in order; they add up to the input width
     * @return one convolution per part
     */
    List<FoldedConv> pointwiseParts(Block conv, Block bn, long[] widths) {
        Convolution c = convolution(conv);
        Shape shape = weight(c).getShape();
        if (c.getGroups() != 1 || !ones(shape.slice(2)) || !ones(c.getStride())) {
            throw new NotCompilableException("expected a pointwise convolution, got " + shape);
        }
        int out = (int) shape.get(0);
        int in = (int) shape.get(1);
        if (Arrays.stream(widths).sum() != in) {
            throw new NotCompilableException("parts of widths " + Arrays.toString(widths)
                    + " do not add up to the " + in + " input channels");
        }
        Folding.Folded folded = Folding.foldBatchNorm(read(c), stats(bn));
        float[] w = folded.weightAsFloat();
        float[] bias = folded.biasAsFloat();
        List<FoldedConv> parts = new ArrayList<>();
        int from = 0;
        for (long width : widths) {
            float[] part = new float[out * (int) width];
            for (int o = 0; o < out; o++) {
                System.arraycopy(w, o * in + from, part, o * (int) width, (int) width);
            }
            parts.add(FoldedConv.of(manager, part, new Shape(out, width, 1, 1, 1),
                    parts.isEmpty() ? bias : null, c.getStride(), c.getPadding(), 1, kernels));
            from += (int) width;
        }
        return List.copyOf(parts);
    }

    /**
     * Depthwise 1×k×k (strided) then depthwise kt×1×1 then BatchNorm, as one depthwise kt×k×k
     * convolution with the first one's stride.
     */
    FoldedConv depthwisePair(Block spatialBlock, Block temporalBlock, Block bn) {
        Convolution s = convolution(spatialBlock);
        Convolution t = convolution(temporalBlock);
        int channels = s.getFilters();
        Shape ks = s.getKernelShape();
        Shape kt = t.getKernelShape();
        boolean composable = s.getGroups() == channels && t.getGroups() == channels
                && t.getFilters() == channels && ks.get(0) == 1 && kt.get(1) == 1 && kt.get(2) == 1
                && t.getStride().equals(new Shape(1, 1, 1)) && s.getStride().get(0) == 1
                && !s.isIncludeBias() && !t.isIncludeBias()
                && s.getPadding().get(0) == 0 && t.getPadding().get(1) == 0
                && t.getPadding().get(2) == 0 && ones(s.getDilation()) && ones(t.getDilation());
        if (!composable) {
            throw new NotCompilableException("depthwise pair is not a D(2+1)D factorisation");
        }
        Folding.Folded kernel = Folding.composeDepthwise(
                weight(s).toFloatArray(), weight(t).toFloatArray(), channels);
        Folding.Folded folded = Folding.foldBatchNorm(kernel, stats(bn));
        Shape shape = new Shape(channels, 1, kt.get(0), ks.get(1), ks.get(2));
        Shape padding = new Shape(t.getPadding().get(0), s.getPadding().get(1), s.getPadding().get(2));
        return FoldedConv.of(manager, folded.weightAsFloat(), shape, folded.biasAsFloat(),
                s.getStride(), padding, channels, kernels);
    }

    /** A copy of a parameter in the compiled manager. */
    NDArray copy(Block block, String parameter) {
        NDArray a = parameter(block, parameter);
        return manager.create(a.toFloatArray(), a.getShape());
    }

    private FoldedConv create(Convolution c, Folding.Folded f) {
        if (!ones(c.getDilation())) {
            throw new NotCompilableException("dilated convolutions are not folded");
        }
        return FoldedConv.of(manager, f.weightAsFloat(), weight(c).getShape(), f.biasAsFloat(),
                c.getStride(), c.getPadding(), c.getGroups(), kernels);
    }

    private static Folding.Folded read(Convolution c) {
        float[] bias = c.isIncludeBias() ? parameter(c, "bias").toFloatArray() : null;
        return Folding.of(weight(c).toFloatArray(), bias, c.getFilters());
    }

    private static Folding.BatchNormStats stats(Block block) {
        if (!(block instanceof BatchNorm)) {
            throw new NotCompilableException("expected a BatchNorm, got " + block);
        }
        // DJL exposes no epsilon getter; every BatchNorm of this library is built by Layers.
        return new Folding.BatchNormStats(
                parameter(block, "gamma").toFloatArray(), parameter(block, "beta").toFloatArray(),
                parameter(block, "runningMean").toFloatArray(),
                parameter(block, "runningVar").toFloatArray(), Layers.BN_EPSILON);
    }

    private static Convolution convolution(Block block) {
        if (!(block instanceof Convolution c) || c.getKernelShape().dimension() != 3) {
            throw new NotCompilableException("expected a 3-D convolution, got " + block);
        }
        return c;
    }

    private static NDArray weight(Convolution c) {
        return parameter(c, "weight");
    }

    private static NDArray parameter(Block block, String name) {
        Parameter p = block.getDirectParameters().get(name);
        if (p == null || !p.isInitialized()) {
            throw new IllegalStateException(block.getClass().getSimpleName() + " parameter '"
                    + name + "' is missing or not initialised: initialise (or load) the network "
                    + "before compiling it");
        }
        return p.getArray();
    }

    private static boolean ones(Shape s) {
        for (long v : s.getShape()) {
            if (v != 1) {
                return false;
            }
        }
        return true;
    }
}
