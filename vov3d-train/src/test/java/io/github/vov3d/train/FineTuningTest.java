package io.github.vov3d.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import io.github.vov3d.blocks.StateDictNames;
import io.github.vov3d.zoo.LoadedNetwork;
import io.github.vov3d.zoo.checkpoint.TorchCheckpointReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FineTuningTest {
    @TempDir
    Path out;

    private static Path golden() {
        String configured = System.getProperty("vov3d.golden.dir", System.getenv("VOV3D_GOLDEN_DIR"));
        Path root = configured != null ? Path.of(configured) : Path.of("..", "shared", "golden");
        Path p = root.resolve("x3d_m_k400").resolve("checkpoint.pth");
        assertTrue(Files.isRegularFile(p), "golden checkpoint missing: " + p.toAbsolutePath());
        return p;
    }

    @Test
    void aKineticsCheckpointBecomesAFiveClassNetworkAndIsTestedWithViews() throws Exception {
        Recipe recipe = Recipe.somethingSomethingFinetune().toBuilder().frames(4).trainCrop(64).build();
        try (LoadedNetwork net = FineTuning.fromCheckpoint(golden(), 5, recipe);
                NDManager m = NDManager.newBaseManager()) {
            var state = TorchCheckpointReader.read(golden()).modelState();
            var named = StateDictNames.of(net.network());
            assertEquals(5, net.numClasses());
            assertEquals(new Shape(5, 2048), named.get("head.projection.weight").getArray().getShape());
            assertEquals(0f, named.get("head.projection.bias").getArray().abs().max().getFloat());
            assertArrayEquals(state.get("s4.pathway0_res3.branch2.b.weight").toFloatArray(),
                    named.get("s4.pathway0_res3.branch2.b.weight").getArray().toFloatArray());
            // 3 videos × 2 views; labels NDList = [class, video]
            NDArray clips = m.randomNormal(new Shape(6, 3, 4, 64, 64));
            NDArray classes = m.create(new float[] {0, 0, 3, 3, 1, 1});
            NDArray videos = m.create(new float[] {0, 0, 1, 1, 2, 2});
            ArrayDataset views = new ArrayDataset.Builder().setData(clips).optLabels(classes, videos)
                    .setSampling(4, false).build();
            try (VideoTrainer trainer = VideoTrainer.builder().model(net.network()).trainData(views)
                    .recipe(recipe).batchSize(2).outputDir(out)
                    .progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).build()) {
                Path csv = out.resolve("predictions.csv");
                Accuracy a = trainer.testMultiView(views, List.of(), csv);
                assertEquals(3, a.samples());
                List<String> lines = Files.readAllLines(csv);
                assertEquals(4, lines.size());
                assertTrue(lines.get(1).startsWith("0,0,2,"), lines.get(1));
            }
        }
    }

    @Test
    void aZooEntryIsFetchedThroughTheVerifiedCacheAndOfflineModeSaysWhatIsMissing() {
        var offline = io.github.vov3d.zoo.fetch.FetchOptions.defaults().toBuilder()
                .cacheDir(out.resolve("cache")).offline(true).build();
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> FineTuning.fromZoo("vov3d_m_k400", 174, Recipe.somethingSomethingFinetune(), offline));
        assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("offline"), e.getMessage());
    }
}
