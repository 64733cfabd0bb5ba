package io.github.vov3d.blocks;

import ai.djl.ndarray.NDArray;

/**
 * Makes a clip batch contiguous in N×C×T×H×W order before the first convolution. A clip built by
 * transposing T×H×W×C frames (the usual way to get there) has channels-last strides, and libtorch
 * then runs the whole network channels-last — where its oneDNN 1×1×1 convolutions return wrong
 * values at many sizes (libtorch 2.7.1; VoV3D-M's features were off by half their magnitude at
 * batch 2). A contiguous input costs nothing here: the reshapes are views.
 */
final class ChannelsFirst {
    private ChannelsFirst() {}

    /**
     * @param x an N×C×T×H×W array of any layout (left open)
     * @return a view of {@code x} when it already is contiguous, else a contiguous copy
     */
    static NDArray contiguous(NDArray x) {
        if (x.getShape().dimension() != 5) {
            return x;
        }
        // a reshape copies exactly when the array cannot be viewed in the new shape
        NDArray rows = x.reshape(x.getShape().get(0), -1);
        NDArray result = rows.reshape(x.getShape());
        rows.close();
        return result;
    }
}
