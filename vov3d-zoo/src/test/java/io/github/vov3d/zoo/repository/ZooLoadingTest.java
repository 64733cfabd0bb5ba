package io.github.vov3d.zoo.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.github.vov3d.api.ModelArchitecture;
import io.github.vov3d.api.npy.Npy;
import io.github.vov3d.api.npy.NpyArray;
import io.github.vov3d.blocks.inference.CompiledNetworkBlock;
import io.github.vov3d.zoo.Vov3dZoo;
import io.github.vov3d.zoo.fetch.FetchException;
import io.github.vov3d.zoo.fetch.FetchOptions;
import io.github.vov3d.zoo.fetch.WeightFetcher;
import java.io.IOException;
import io.github.vov3d.zoo.GoldenDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models loaded through the zoo (DJL Criteria and the facade) from a local server reproduce
 * the golden reference output: the clip translator's normalisation is inverted on the golden
 * (already normalised) input, so the whole path — fetch, verify, load, normalise, forward,
 * label — is checked against the upstream network's softmax within 1e-4.
 */
class ZooLoadingTest {
    private static final String GOLDEN = "vov3d_m_k400";

    @TempDir
    Path cache;

    private GoldenServer server;

    @BeforeEach
    void start() throws IOException {
        server = new GoldenServer(golden("checkpoint.pth"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static Path golden(String file) {
        return GoldenDirectory.file(GOLDEN, file);
    }

    /** The golden case as a zoo entry: VoV3D-M on Kinetics-400, built for 16 frames at 112. */
    private ZooEntry entry(String name, String url) {
        return ZooEntry.builder(name, ModelArchitecture.VOV3D_M, ZooDataset.KINETICS_400)
                .frames(16, 5).crops(112, 112)
                .paper(new PaperNumbers(74.7, 92.1, 3.7, 6.4))
                .source(url).fileName("checkpoint.pth").note("golden reference case").build();
    }

    private ZooCatalogue catalogue() {
        return ZooCatalogue.of(List.of(entry("golden_vov3d_m", server.url()),
                entry("golden_vov3d_m_missing", server.url().replace("/w/", "/missing/"))));
    }

    private FetchOptions options(boolean offline) {
        return FetchOptions.builder().cacheDir(cache).offline(offline).maxAttempts(2)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(10)).build();
    }

    /** Undoes the entry's normalisation: the golden input is already (x/255 − 0.45)/0.225. */
    private static NDArray rawClip(NDManager m, NpyArray input, int index) {
        long[] s = input.shape();
        NDArray batch = m.create(input.data(), new Shape(s));
        return batch.get(index).transpose(1, 2, 3, 0).mul(0.225f * 255f).add(0.45f * 255f);
    }

    private static void assertMatchesGolden(ZooModel<NDArray, Classifications> model) throws Exception {
        NpyArray input = Npy.read(golden("input.npy"));
        NpyArray output = Npy.read(golden("output.npy"));
        int classes = (int) output.shape()[1];
        List<String> names = ZooDataset.KINETICS_400.classNames();
        try (Predictor<NDArray, Classifications> p = model.newPredictor();
                NDManager m = NDManager.newBaseManager()) {
            for (int n = 0; n < input.shape()[0]; n++) {
                Classifications c = p.predict(rawClip(m, input, n));
                assertEquals(5, c.topK().size());
                float max = 0;
                for (int k = 0; k < classes; k++) {
                    double got = c.get(names.get(k)).getProbability();
                    max = Math.max(max, (float) Math.abs(got - output.data()[n * classes + k]));
                }
                assertTrue(max <= 1e-4f, "clip " + n + " differs from the golden output by " + max);
            }
        }
    }

    @Test
    void criteriaLoadsTheModelFromTheServerAndReproducesTheGoldenOutput() throws Exception {
        Criteria<NDArray, Classifications> criteria = Criteria.builder()
                .setTypes(NDArray.class, Classifications.class)
                .optModelZoo(new Vov3dModelZoo(catalogue(), options(false)))
                .optArtifactId("vov3d_m")
                .optFilter("dataset", "k400")
                .optFilter("name", "golden_vov3d_m")
                .build();
        try (ZooModel<NDArray, Classifications> model = criteria.loadModel()) {
            // an inference model: its predictors run the compiled pass
            assertTrue(model.getBlock() instanceof CompiledNetworkBlock, model.getBlock().toString());
            assertMatchesGolden(model);
        }
        assertEquals(1, server.requests(), "weights fetched once");
        try (ZooModel<NDArray, Classifications> again = criteria.loadModel()) {
            assertEquals(new Shape(1, 3, 16, 112, 112), again.describeInput().get("clip"));
            assertEquals(1, server.requests(), "second load uses the verified cache");
        }
    }

    @Test
    void facadeLoadsByNameInOneCall() throws Exception {
        try (ZooModel<NDArray, Classifications> model = Vov3dZoo.load(catalogue(), "golden_vov3d_m", options(false))) {
            assertMatchesGolden(model);
        }
    }

    @Test
    void rawNdListLoadingGivesTheNetworkOutput() throws Exception {
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelZoo(new Vov3dModelZoo(catalogue(), options(false)))
                .optFilter("name", "golden_vov3d_m").build();
        NpyArray input = Npy.read(golden("input.npy"));
        NpyArray output = Npy.read(golden("output.npy"));
        try (ZooModel<NDList, NDList> model = criteria.loadModel();
                Predictor<NDList, NDList> p = model.newPredictor();
                NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(input.data(), new Shape(input.shape())).get("0:1");
            float[] got = p.predict(new NDList(x)).singletonOrThrow().toFloatArray();
            int classes = (int) output.shape()[1];
            for (int k = 0; k < classes; k++) {
                assertEquals(output.data()[k], got[k], 1e-5f);
            }
        }
    }

    @Test
    void ambiguousAndUnknownCriteriaAreExplained() {
        Criteria<NDArray, Classifications> ambiguous = Criteria.builder()
                .setTypes(NDArray.class, Classifications.class)
                .optModelZoo(new Vov3dModelZoo(catalogue(), options(false)))
                .optArtifactId("vov3d_m").build();
        ModelNotFoundException e = assertThrows(ModelNotFoundException.class, ambiguous::loadModel);
        assertTrue(String.valueOf(e.getCause()).contains("golden_vov3d_m_missing"), String.valueOf(e.getCause()));
        assertEquals(0, server.requests());
    }

    @Test
    void offlineModeWithAndWithoutACachedCopy() throws Exception {
        ZooCatalogue c = catalogue();
        FetchException e = assertThrows(FetchException.class, () -> Vov3dZoo.load(c, "golden_vov3d_m", options(true)));
        assertEquals(FetchException.Reason.OFFLINE_NOT_CACHED, e.reason());
        assertEquals(0, server.requests());
        new WeightFetcher(options(false)).fetch(c.entry("golden_vov3d_m").fetchRequest());
        try (ZooModel<NDArray, Classifications> offline = Vov3dZoo.load(c, "golden_vov3d_m", options(true))) {
            assertEquals(400, ZooDataset.KINETICS_400.classNames().size());
            assertEquals(new Shape(1, 3, 16, 112, 112), offline.describeInput().get("clip"),
                    "offline load from the cache");
        }
        assertEquals(1, server.requests());
    }

    @Test
    void aFileOfAnotherArchitectureIsRefused() throws IOException {
        ZooEntry wrong = ZooEntry.builder("claims_x3d", ModelArchitecture.X3D_M, ZooDataset.KINETICS_400)
                .crops(112, 112).paper(new PaperNumbers(75.1, 92.2, 3.8, 6.2))
                .source(server.url()).fileName("checkpoint.pth").build();
        IOException e = assertThrows(IOException.class,
                () -> Vov3dZoo.load(ZooCatalogue.of(List.of(wrong)), "claims_x3d", options(false)).close());
        assertTrue(e.getMessage().contains("vov3d_m") && e.getMessage().contains("x3d_m"), e.getMessage());
    }

    @Test
    void clipsOfTheWrongShapeAreRefusedClearly() throws Exception {
        try (ZooModel<NDArray, Classifications> model = Vov3dZoo.load(catalogue(), "golden_vov3d_m", options(false));
                Predictor<NDArray, Classifications> p = model.newPredictor();
                NDManager m = NDManager.newBaseManager()) {
            TranslateException e = assertThrows(TranslateException.class,
                    () -> p.predict(m.zeros(new Shape(16, 3, 112, 112))));
            assertTrue(String.valueOf(e.getMessage()).contains("T×H×W×3")
                    || String.valueOf(e.getCause()).contains("T×H×W×3"), e.toString());
        }
    }
}
