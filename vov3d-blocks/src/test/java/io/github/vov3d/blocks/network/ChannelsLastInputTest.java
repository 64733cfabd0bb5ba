package io.github.vov3d.blocks.network;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.vov3d.api.ModelArchitecture;
import org.junit.jupiter.api.Test;

/**
 * A clip made by transposing T×H×W×C frames has channels-last strides. Fed as it is, libtorch
 * 2.7.1 ran VoV3D-M channels-last and its oneDNN 1×1×1 convolutions returned features off by
 * half their magnitude at batch 2; the stem now makes its input contiguous first.
 */
class ChannelsLastInputTest {

    @Test
    void aTransposedClipGivesTheSameFeaturesAsAContiguousOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            VideoNetwork net = VideoModels.builder(ModelArchitecture.VOV3D_M).numClasses(10)
                    .frames(16).trainCrop(112).build();
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 112, 112));
            NDArray frames = m.randomNormal(new Shape(2, 16, 112, 112, 3));
            NDArray transposed = frames.transpose(0, 4, 1, 2, 3); // channels-last strides
            NDArray contiguous = transposed.reshape(2, -1).reshape(2, 3, 16, 112, 112);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray expected = net.features(ps, contiguous, false);
            NDArray actual = net.features(ps, transposed, false);
            float diff = expected.sub(actual).abs().max().getFloat();
            assertTrue(diff <= 1e-5f * Math.max(1f, expected.abs().max().getFloat()),
                    "features of the transposed clip differ by " + diff);
        }
    }
}
