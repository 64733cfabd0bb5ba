package io.github.vov3d.blocks.stats;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import io.github.vov3d.api.ModelStatistics;
import io.github.vov3d.blocks.VideoBlock;

/**
 * Counts parameters and multiply-accumulates of any network built from {@link VideoBlock}s,
 * from shapes alone (nothing is allocated or run, the block need not be initialised). Counts
 * every application of a layer, so a custom block that reuses a layer is charged each time.
 * Follows the convention of {@link ModelStatistics}.
 */
public final class ComplexityCounter {
    private ComplexityCounter() {}

    /**
     * @param network the network
     * @param frames clip length T
     * @param height clip height
     * @param width clip width
     * @return parameters and MACs for one 3-channel clip
     */
    public static ModelStatistics count(VideoBlock network, int frames, int height, int width) {
        Shape input = new Shape(1, 3, frames, height, width);
        long[] totals = new long[2];
        visit(network, input, totals);
        return new ModelStatistics(totals[0], totals[1], input.getShape());
    }

    private static void visit(Block block, Shape input, long[] totals) {
        if (block instanceof VideoBlock composite) {
            composite.traceShapes(input, (child, shape) -> visit(child, shape, totals));
        } else if (block instanceof Convolution conv) {
            Shape out = conv.getOutputShapes(new Shape[] {input})[0];
            long perOutput = input.get(1) / conv.getGroups() * conv.getKernelShape().size();
            long weights = out.get(1) * perOutput;
            boolean bias = conv.getParameters().keys().contains("bias");
            totals[0] += weights + (bias ? out.get(1) : 0);
            totals[1] += out.size() * perOutput;
        } else if (block instanceof Linear linear) {
            Shape out = linear.getOutputShapes(new Shape[] {input})[0];
            long in = input.get(input.dimension() - 1);
            long units = out.get(out.dimension() - 1);
            totals[0] += in * units + units;
            totals[1] += input.size() / in * in * units;
        } else if (block instanceof BatchNorm) {
            totals[0] += 2 * input.get(1);
        }
    }
}
