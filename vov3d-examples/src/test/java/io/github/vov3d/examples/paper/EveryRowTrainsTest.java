package io.github.vov3d.examples.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.vov3d.api.ModelArchitecture;
import io.github.vov3d.blocks.network.VideoModels;
import io.github.vov3d.blocks.network.VideoNetwork;
import io.github.vov3d.zoo.CheckpointExporter;
import io.github.vov3d.zoo.checkpoint.PySlowFastCheckpoint;
import io.github.vov3d.zoo.checkpoint.TorchCheckpointWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every paper main trains and tests end to end on tiny generated data (one epoch of two
 * 2-clip steps, 4-frame 32-pixel clips, one view per video): the row's own model, recipe,
 * dataset layout and, for the rows fine-tuned from Kinetics-400, a Kinetics-400 checkpoint of
 * the row's architecture (the golden one for VoV3D-M; a randomly initialised one written in
 * the PySlowFast format for VoV3D-L, whose reference checkpoint is not among the golden files).
 */
class EveryRowTrainsTest {
    @TempDir
    static Path tmp;
    static Path kinetics;
    static Path ssv1;
    static Path ssv2;
    static final Map<ModelArchitecture, Path> K400 = new EnumMap<>(ModelArchitecture.class);

    @BeforeAll
    static void data() throws IOException {
        kinetics = TinyVideos.kinetics(tmp.resolve("k400"));
        ssv1 = TinyVideos.something(tmp.resolve("ssv1"), 1);
        ssv2 = TinyVideos.something(tmp.resolve("ssv2"), 2);
        K400.put(ModelArchitecture.VOV3D_M, TinyVideos.golden("vov3d_m_k400/checkpoint.pth"));
        K400.put(ModelArchitecture.VOV3D_L, randomKinetics(ModelArchitecture.VOV3D_L));
    }

    private static Path randomKinetics(ModelArchitecture a) throws IOException {
        VideoNetwork net = VideoModels.builder(a).numClasses(400).frames(4).trainCrop(32).build();
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 4, 32, 32));
            Path file = tmp.resolve(a.id() + "_k400.pth");
            TorchCheckpointWriter.write(file, PySlowFastCheckpoint.ofModelState(CheckpointExporter.stateDict(net)));
            return file;
        }
    }

    static Stream<String> rows() {
        return PaperExperimentsTest.MAINS.stream().map(m -> {
            try {
                return PaperExperimentsTest.row(m);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(m + " has no ROW", e);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("rows")
    void trainsAndTests(String row) throws IOException {
        PaperExperiment e = PaperExperiments.named(row);
        Path data = switch (e.layout()) {
            case SSV1 -> ssv1;
            case SSV2 -> ssv2;
            default -> kinetics;
        };
        Path out = tmp.resolve("run-" + row);
        String[] pretrained = {};
        if (e.finetuned()) {
            Path k400 = K400.get(e.architecture());
            assertTrue(k400 != null, "no Kinetics-400 checkpoint prepared for " + e.architecture());
            pretrained = new String[] {"--pretrained", k400.toString()};
        }
        PaperRun r = PaperRun.tiny(row, data, out, "1x1", pretrained);
        assertEquals(0, r.status(), row + ":\n" + r.err() + "\n" + r.out());
        assertTrue(r.out().contains("testing: 100%"), row + ": no test progress:\n" + r.out());
        assertTrue(r.out().contains(row + ": top-1 ") && r.out().contains("(paper " + e.entry().paper().top1() + ")"),
                r.out());
        if (e.finetuned()) {
            assertTrue(r.out().contains("fine-tuned from " + K400.get(e.architecture())), r.out());
        }
        assertTrue(Files.isRegularFile(out.resolve("predictions.csv")), row);
        try (Stream<Path> checkpoints = Files.list(out.resolve("checkpoints"))) {
            assertTrue(checkpoints.anyMatch(p -> p.getFileName().toString().endsWith(".pyth")
                    || p.getFileName().toString().endsWith(".pth")), row + ": no checkpoint written");
        }
    }
}
