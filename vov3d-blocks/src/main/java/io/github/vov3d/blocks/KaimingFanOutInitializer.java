package io.github.vov3d.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * He (Kaiming) normal initialisation in fan-out mode with ReLU gain, as PySlowFast initialises
 * every 3-D convolution: {@code std = sqrt(2 / (out_channels * kernel volume))}. Groups do not
 * reduce the fan-out, so depthwise convolutions get the same formula. DJL's own initialisers use
 * fan-in or Xavier, which would change the training dynamics of a from-scratch run.
 */
public final class KaimingFanOutInitializer implements Initializer {

    /** {@inheritDoc} */
    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException(
                    "Kaiming fan-out needs a weight of rank >= 2 (out, in, kernel...), got " + shape);
        }
        long fanOut = shape.get(0);
        for (int i = 2; i < shape.dimension(); i++) {
            fanOut *= shape.get(i);
        }
        float std = (float) Math.sqrt(2.0 / fanOut);
        return manager.randomNormal(0f, std, shape, dataType);
    }
}
