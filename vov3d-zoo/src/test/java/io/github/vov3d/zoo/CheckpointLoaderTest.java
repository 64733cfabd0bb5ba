package io.github.vov3d.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.vov3d.api.ArchitectureMismatchException;
import io.github.vov3d.api.ModelArchitecture;
import io.github.vov3d.blocks.network.NetworkBuilder;
import io.github.vov3d.blocks.network.VideoModels;
import io.github.vov3d.blocks.network.VideoNetwork;
import io.github.vov3d.blocks.network.VoV3D;
import io.github.vov3d.zoo.checkpoint.PySlowFastCheckpoint;
import io.github.vov3d.zoo.checkpoint.TorchCheckpointWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recognising architectures and class counts from tensor shapes, and the errors for a
 * checkpoint that does not fit.
 */
class CheckpointLoaderTest {
    @TempDir
    Path tmp;

    /** Writes a randomly initialised network as a PySlowFast checkpoint. */
    private Path write(NetworkBuilder<?> builder, String name) throws IOException {
        VideoNetwork net = builder.build();
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32,
                    new Shape(1, 3, builder.frames(), builder.trainCrop(), builder.trainCrop()));
            Path file = tmp.resolve(name + ".pth");
            TorchCheckpointWriter.write(file,
                    PySlowFastCheckpoint.ofModelState(CheckpointExporter.stateDict(net)).withEpoch(3));
            return file;
        }
    }

    @Test
    void everyArchitectureIsRecognisedWithItsClassCount() throws IOException {
        for (ModelArchitecture a : ModelArchitecture.values()) {
            Path file = write(VideoModels.builder(a).numClasses(17), a.id());
            try (LoadedNetwork net = CheckpointLoader.load(file)) {
                ModelArchitecture expected = a == ModelArchitecture.X3D_XS || a == ModelArchitecture.X3D_S
                        ? ModelArchitecture.X3D_M : a; // same layers: X3D-M is reported
                assertEquals(expected, net.architecture(), a.id());
                assertEquals(17, net.numClasses());
                assertEquals(3, net.epoch().getAsInt());
            }
        }
    }

    @Test
    void theTwoVov3dMediumVariantsAreToldApart() throws IOException {
        Path v1 = write(VoV3D.mediumV1().numClasses(174).trainCrop(64).frames(4), "vov3d_M_f16_ssv1");
        Path current = write(VoV3D.medium().numClasses(174).trainCrop(64).frames(4), "vov3d_M_f16_ssv1b");
        var shapesV1 = CheckpointImporter.shapes(
                io.github.vov3d.zoo.checkpoint.TorchCheckpointReader.read(v1).modelState());
        var match = ArchitectureIdentifier.identify(shapesV1).orElseThrow();
        assertEquals(ModelArchitecture.VOV3D_M_V1, match.architecture());
        assertEquals(174, match.numClasses());
        try (LoadedNetwork net = CheckpointLoader.load(current, LoadOptions.defaults().withFrames(4))) {
            assertEquals(ModelArchitecture.VOV3D_M, net.architecture());
        }
        ArchitectureMismatchException e = assertThrows(ArchitectureMismatchException.class,
                () -> CheckpointLoader.load(v1, LoadOptions.defaults()
                        .withArchitecture(ModelArchitecture.VOV3D_M)));
        assertEquals("vov3d_m_v1", e.suggestedModel().orElseThrow());
        assertTrue(e.getMessage().contains("--model vov3d_m_v1 --classes 174"), e.getMessage());
        assertTrue(e.getMessage().contains(v1.toString()), "names the file");
    }

    @Test
    void exportedWeightsReloadToTheSameFunction() throws IOException {
        GoldenCase c = GoldenCase.named("vov3d_m_k400");
        Path copy = tmp.resolve("copy.pth");
        try (LoadedNetwork a = CheckpointLoader.load(c.checkpoint(), LoadOptions.defaults().withTrainCrop(112))) {
            TorchCheckpointWriter.write(copy, PySlowFastCheckpoint.ofModelState(
                    CheckpointExporter.stateDict(a.network())));
            try (LoadedNetwork b = CheckpointLoader.load(copy, LoadOptions.defaults().withTrainCrop(112));
                    NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.randomNormal(new Shape(1, 3, 16, 112, 112));
                NDArray ya = a.network().forward(new ParameterStore(m, false), new NDList(x), false).head();
                NDArray yb = b.network().forward(new ParameterStore(m, false), new NDList(x), false).head();
                assertEquals(0f, ya.sub(yb).abs().max().getFloat());
            }
        }
    }

    @Test
    void anotherArchitectureIsRefusedNamingTheOneThatFits() {
        Path x3d = GoldenCase.named("x3d_m_k400").checkpoint();
        ArchitectureMismatchException e = assertThrows(ArchitectureMismatchException.class,
                () -> CheckpointLoader.load(x3d, LoadOptions.defaults()
                        .withArchitecture(ModelArchitecture.VOV3D_M)));
        assertEquals("x3d_m", e.suggestedModel().orElseThrow());
        assertTrue(e.getMessage().contains("--model x3d_m --classes 400"), e.getMessage());
        assertTrue(e.mismatches().size() > 100);
        var first = e.mismatches().get(0);
        assertEquals("s1.pathway0_stem.conv_xy.weight", first.key());
        assertTrue(first.toString().contains("expected [20, 3, 1, 3, 3], found [24, 3, 1, 3, 3]"), first.toString());
    }

    @Test
    void anotherClassCountIsRefusedUnlessTheClassifierMayBeReinitialised() throws IOException {
        Path k400 = GoldenCase.named("vov3d_m_k400").checkpoint();
        ArchitectureMismatchException e = assertThrows(ArchitectureMismatchException.class,
                () -> CheckpointLoader.load(k400, LoadOptions.defaults().withNumClasses(174)));
        assertTrue(e.getMessage().contains("Only the classifier differs: the file has 400 classes"),
                e.getMessage());
        assertEquals(2, e.mismatches().size());
        try (LoadedNetwork net = CheckpointLoader.load(k400,
                LoadOptions.defaults().withNumClasses(174).withKeepInitialClassifier(true))) {
            assertEquals(174, net.numClasses());
            assertEquals(List.of("head.projection.weight", "head.projection.bias"), net.report().skipped());
            assertEquals(810 - 2, net.report().loaded());
        }
    }

    @Test
    void aStateDictOfAnUnknownNetworkIsExplained() throws IOException {
        Path custom = write(VoV3D.builder().depths(1, 1, 1, 1).numUnits(2).innerChannels(16)
                .numClasses(5).trainCrop(64).frames(4), "custom");
        ArchitectureMismatchException e = assertThrows(ArchitectureMismatchException.class,
                () -> CheckpointLoader.load(custom));
        assertTrue(e.getMessage().contains("fits none of the known architectures"), e.getMessage());
        assertTrue(e.suggestedModel().isEmpty());
    }
}
