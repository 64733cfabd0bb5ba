package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv3d;

/**
 * A 3-D convolution with everything that followed it linearly (BatchNorm, a second depthwise
 * kernel) already folded into its weight and bias: one pass over memory where the
 * straightforward network makes two or three.
 *
 * @param weight the folded weight, O×(I/groups)×kt×kh×kw
 * @param bias the folded bias (O), or null for none
 * @param stride the stride
 * @param padding the zero padding
 * @param groups channel groups
 */
record FoldedConv(NDArray weight, NDArray bias, Shape stride, Shape padding, int groups)
        implements InferenceOp {
    private static final Shape NO_DILATION = new Shape(1, 1, 1);

    @Override
    public NDArray apply(NDArray x) {
        return Conv3d.conv3d(x, weight, bias, stride, padding, NO_DILATION, groups).singletonOrThrow();
    }
}
