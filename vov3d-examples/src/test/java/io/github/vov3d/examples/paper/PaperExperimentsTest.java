package io.github.vov3d.examples.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vov3d.train.LrPolicy;
import io.github.vov3d.train.Recipe;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rows, their recipes, and a dry run of every example main on tiny generated data. */
class PaperExperimentsTest {
    static final List<Class<?>> MAINS = List.of(X3dMKinetics400.class, VoV3dMKinetics400.class,
            X3dLKinetics400.class, VoV3dLKinetics400.class,
            X3dMSomethingV1.class, X3dLSomethingV1.class, VoV3dMSomethingV1F16.class, VoV3dMSomethingV1F32.class,
            VoV3dMSomethingV1F32FromK400.class, VoV3dLSomethingV1F16.class, VoV3dLSomethingV1F32.class,
            VoV3dLSomethingV1F32FromK400.class,
            X3dMSomethingV2.class, X3dLSomethingV2.class, VoV3dMSomethingV2F16.class, VoV3dMSomethingV2F32.class,
            VoV3dMSomethingV2F32FromK400.class, VoV3dLSomethingV2F16.class, VoV3dLSomethingV2F32.class,
            VoV3dLSomethingV2F32FromK400.class);

    @TempDir
    static Path tmp;
    static Path kinetics;
    static Path ssv1;
    static Path ssv2;

    @BeforeAll
    static void data() throws Exception {
        kinetics = TinyVideos.kinetics(tmp.resolve("k400"));
        ssv1 = TinyVideos.something(tmp.resolve("ssv1"), 1);
        ssv2 = TinyVideos.something(tmp.resolve("ssv2"), 2);
    }

    static String row(Class<?> main) throws ReflectiveOperationException {
        return (String) main.getField("ROW").get(null);
    }

    @Test
    void everyRowOfThePaperHasExactlyOneMain() throws Exception {
        Set<String> rows = new TreeSet<>(PaperExperiments.all().stream().map(PaperExperiment::name).toList());
        Set<String> mains = new TreeSet<>();
        for (Class<?> m : MAINS) {
            assertTrue(mains.add(row(m)), "two mains for " + row(m));
        }
        assertEquals(20, rows.size());
        assertEquals(rows, mains);
    }

    @Test
    void eachRowUsesTheRecipeOfItsReferenceConfig() {
        Recipe k400 = PaperExperiments.named("vov3d_l_k400").recipe();
        assertEquals(Recipe.kineticsScratch(), k400);
        Recipe scratch = PaperExperiments.named("vov3d_m_ssv1_f32").recipe();
        assertEquals(Recipe.somethingSomethingScratch().toBuilder().frames(32).build(), scratch);
        PaperExperiment ft = PaperExperiments.named("vov3d_l_ssv2_f32_k400");
        assertEquals(LrPolicy.STEPS, ft.recipe().policy());
        assertEquals(32, ft.recipe().frames());
        assertEquals("vov3d_l_k400", ft.pretrainedEntry().orElseThrow());
        assertEquals(1, PaperExperiments.named("x3d_m_ssv2").recipe().testClips());
        assertTrue(ClipProtocol.of(PaperExperiments.named("x3d_l_ssv1").entry()).normalization().bgr());
        assertThrows(IllegalArgumentException.class, () -> PaperExperiments.named("vov3d_m_v1_k400"));
    }

    @Test
    void everyMainChecksItsDatasetAndPrintsThePlanOnDryRun() throws Exception {
        for (Class<?> main : MAINS) {
            String row = row(main);
            Path data = row.contains("k400") && !row.contains("ss") ? kinetics : row.contains("ssv1") ? ssv1 : ssv2;
            PaperRun r = PaperRun.of(row, data.toString(), "--dry-run", "--out", tmp.resolve(row).toString(),
                    "--device", "cpu");
            assertEquals(0, r.status(), row + ": " + r.err());
            PaperExperiment e = PaperExperiments.named(row);
            for (String expected : List.of(row, "2 classes", "params", "GFLOPs per view", "iterations",
                    e.entry().views() + " views", "paper's " + e.entry().paper().top1(), "dry run")) {
                assertTrue(r.out().contains(expected), row + " lacks '" + expected + "':\n" + r.out());
            }
            assertTrue(r.out().contains(e.finetuned() ? "fine-tuned from zoo entry " : "from scratch"), r.out());
        }
    }

    @Test
    void aDryRunPointedAtTheWrongDirectorySaysWhichListIsMissing() {
        PaperRun r = PaperRun.of("x3d_m_k400", tmp.resolve("nowhere").toString(), "--dry-run", "--device", "cpu");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("train.csv"), r.err());
        PaperRun usage = PaperRun.of("x3d_m_k400", "--dry-run");
        assertEquals(2, usage.status());
        assertTrue(usage.err().contains("--data DIR"), usage.err());
    }
}
