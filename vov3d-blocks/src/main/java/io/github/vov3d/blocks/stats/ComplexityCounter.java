package io.github.vov3d.blocks.stats;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import io.github.vov3d.api.MemoryTraffic;
import io.github.vov3d.api.ModelStatistics;
import io.github.vov3d.blocks.VideoBlock;

/**
 * Counts parameters, multiply-accumulates and layer-by-layer memory traffic of any network built
 * from {@link VideoBlock}s, from shapes alone (nothing is allocated or run, the block need not be
 * initialised). Counts every application of a layer, so a custom block that reuses a layer is
 * charged each time. Follows the conventions of {@link ModelStatistics} and {@link
 * MemoryTraffic}.
 */
public final class ComplexityCounter {
    /** float32, the precision the networks run in. */
    private static final long BYTES_PER_VALUE = Float.BYTES;

    private ComplexityCounter() {}

    /**
     * @param network the network
     * @param frames clip length T
     * @param height clip height
     * @param width clip width
     * @return parameters and MACs for one 3-channel clip
     */
    public static ModelStatistics count(VideoBlock network, int frames, int height, int width) {
        Shape input = clip(frames, height, width);
        Tally tally = tally(network, input);
        return new ModelStatistics(tally.parameters, tally.multiplyAccumulates, input.getShape());
    }

    /**
     * @param network the network
     * @param frames clip length T
     * @param height clip height
     * @param width clip width
     * @return the bytes a layer-by-layer forward pass over one 3-channel clip moves
     */
    public static MemoryTraffic traffic(VideoBlock network, int frames, int height, int width) {
        return traffic(network, clip(frames, height, width));
    }

    /**
     * @param block a network or any block of one (a stage, a residual block)
     * @param input the N×C×T×H×W shape it is given; N = 1 counts one clip
     * @return the bytes a layer-by-layer forward pass over that input moves
     * @throws IllegalArgumentException if the block does not accept that shape
     */
    public static MemoryTraffic traffic(VideoBlock block, Shape input) {
        if (input.dimension() != 5 || input.get(0) != 1) {
            throw new IllegalArgumentException("traffic is counted for one clip, a 1×C×T×H×W"
                    + " input; got " + input + " (MemoryTraffic.bytes(batch) scales it)");
        }
        Tally tally = tally(block, input);
        return new MemoryTraffic(tally.inputs * BYTES_PER_VALUE, tally.outputs * BYTES_PER_VALUE,
                tally.shortcuts * BYTES_PER_VALUE, tally.pooled * BYTES_PER_VALUE,
                tally.weights * BYTES_PER_VALUE);
    }

    private static Shape clip(int frames, int height, int width) {
        return new Shape(1, 3, frames, height, width);
    }

    private static Tally tally(VideoBlock network, Shape input) {
        Tally tally = new Tally();
        tally.visit(network, input);
        return tally;
    }

    /** Running totals of one traversal, in values (not bytes). */
    private static final class Tally implements VideoBlock.ChildVisitor {
        long parameters;
        long multiplyAccumulates;
        long inputs;
        long outputs;
        long shortcuts;
        long pooled;
        long weights;

        @Override
        public void residualSum(Shape shortcut) {
            shortcuts += shortcut.size();
        }

        @Override
        public void pooling(Shape input) {
            pooled += input.size();
        }

        @Override
        public void visit(Block block, Shape input) {
            if (block instanceof VideoBlock composite) {
                composite.traceShapes(input, this);
            } else if (block instanceof Convolution conv) {
                Shape out = conv.getOutputShapes(new Shape[] {input})[0];
                long perOutput = input.get(1) / conv.getGroups() * conv.getKernelShape().size();
                long kernel = out.get(1) * perOutput;
                boolean bias = conv.getParameters().keys().contains("bias");
                layer(input.size(), out.size(), kernel + (bias ? out.get(1) : 0),
                        out.size() * perOutput);
            } else if (block instanceof Linear linear) {
                Shape out = linear.getOutputShapes(new Shape[] {input})[0];
                long in = input.get(input.dimension() - 1);
                long units = out.get(out.dimension() - 1);
                layer(input.size(), out.size(), in * units + units, input.size() / in * in * units);
            } else if (block instanceof BatchNorm) {
                parameters += 2 * input.get(1);
            }
        }

        private void layer(long in, long out, long layerParameters, long macs) {
            parameters += layerParameters;
            multiplyAccumulates += macs;
            inputs += in;
            outputs += out;
            weights += layerParameters;
        }
    }
}
