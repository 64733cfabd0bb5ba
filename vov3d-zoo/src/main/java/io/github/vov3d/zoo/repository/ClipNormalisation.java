package io.github.vov3d.zoo.repository;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Turns raw frames into what a zoo network was trained on: {@code T×H×W×3} RGB values in
 * [0, 255] become {@code 3×T×H×W} floats {@code (x/255 − mean)/std}, with the channels flipped
 * for networks trained on BGR. One object per entry, so each model applies its own recipe.
 *
 * @param mean per-channel mean after scaling to [0, 1]
 * @param std per-channel standard deviation
 * @param channelOrder the order the network expects
 */
public record ClipNormalisation(float mean, float std, ChannelOrder channelOrder) {

    /** Checks the scale. */
    public ClipNormalisation {
        if (!(std > 0)) {
            throw new IllegalArgumentException("std must be positive, got " + std);
        }
    }

    /** @param entry a zoo entry @return its normalisation */
    public static ClipNormalisation of(ZooEntry entry) {
        return new ClipNormalisation(entry.mean(), entry.std(), entry.channelOrder());
    }

    /**
     * @param clip {@code T×H×W×3} RGB frames, values 0–255, any numeric type
     * @param manager where the result and intermediates live (e.g. a translator context's)
     * @return the normalised clip, {@code 3×T×H×W} float32
     * @throws IllegalArgumentException if the clip is not {@code T×H×W×3}
     */
    public NDArray apply(NDArray clip, NDManager manager) {
        long[] s = clip.getShape().getShape();
        if (s.length != 4 || s[3] != 3) {
            throw new IllegalArgumentException("a clip must be T×H×W×3 RGB frames (values 0-255, "
                    + "already cropped), got shape " + clip.getShape());
        }
        NDArray x = clip.toType(DataType.FLOAT32, true);
        x.attach(manager);
        if (channelOrder == ChannelOrder.BGR) {
            x = x.flip(3);
        }
        return x.div(255f).sub(mean).div(std).transpose(3, 0, 1, 2);
    }
}
