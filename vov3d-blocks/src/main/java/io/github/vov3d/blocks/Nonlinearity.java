package io.github.vov3d.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The element-wise activations the transforms can use at their "inner" position (after the
 * depthwise convolution). The paper uses Swish there and ReLU everywhere else; custom networks
 * may trade Swish for the cheaper ReLU.
 */
public enum Nonlinearity {
    /** {@code x * sigmoid(x)}, the paper's choice. */
    SWISH {
        @Override
        public NDArray apply(NDArray x) {
            return x.mul(Activation.sigmoid(x));
        }
    },
    /** {@code max(x, 0)}. */
    RELU {
        @Override
        public NDArray apply(NDArray x) {
            return Activation.relu(x);
        }
    };

    /**
     * Applies the activation without modifying its input (autograd may still need it).
     *
     * @param x the input
     * @return the activated tensor
     */
    public abstract NDArray apply(NDArray x);
}
