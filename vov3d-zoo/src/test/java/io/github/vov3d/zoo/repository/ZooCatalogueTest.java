package io.github.vov3d.zoo.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Application;
import ai.djl.repository.zoo.ModelZoo;
import io.github.vov3d.api.ModelArchitecture;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bundled catalogue: every README checkpoint, consistent fields, label lists, DJL registration. */
class ZooCatalogueTest {

    @Test
    void listsEveryCheckpointOfTheReferenceReadme() {
        ZooCatalogue c = ZooCatalogue.builtIn();
        assertEquals(21, c.entries().size());
        assertEquals(5, c.find(Map.of("dataset", "k400")).size());
        assertEquals(8, c.find(Map.of("dataset", "ssv1")).size());
        assertEquals(8, c.find(Map.of("dataset", "ssv2")).size());
        Set<String> files = new HashSet<>();
        for (ZooEntry e : c.entries()) {
            assertTrue(files.add(e.fileName()), "file names are unique: " + e.fileName());
            assertTrue(e.source().toString().startsWith("https://dl.dropbox.com/s/"), e.name());
            assertTrue(e.source().toString().endsWith("/" + e.fileName()), e.name());
            assertTrue(e.licence().startsWith("CC BY-NC 4.0"), e.name());
            assertTrue(e.sha256().isEmpty(), "no digest is published upstream: " + e.name());
            assertEquals(224, e.trainCrop(), e.name());
            assertTrue(e.acceptedArchitectures().contains(e.architecture()));
        }
    }

    @Test
    void entriesCarryTheRecipeAndThePaperNumbers() {
        ZooCatalogue c = ZooCatalogue.builtIn();
        ZooEntry l = c.entry("vov3d_l_ssv2_f32_k400");
        assertEquals(ModelArchitecture.VOV3D_L, l.architecture());
        assertEquals(ZooDataset.KINETICS_400, l.pretrainedOn().orElseThrow());
        assertEquals(32, l.frames());
        assertEquals(0, l.samplingRate());
        assertEquals(new TestViews(2, 3), l.views());
        assertEquals(67.4, l.paper().top1());
        assertEquals(90.5, l.paper().top5());
        assertEquals(24.3, l.paper().gflopsPerView());
        assertEquals(ChannelOrder.BGR, c.entry("x3d_l_ssv1").channelOrder());
        assertEquals(ChannelOrder.RGB, c.entry("x3d_m_ssv1").channelOrder());
        assertEquals(224, c.entry("x3d_m_ssv2").testCrop());
        assertEquals(new TestViews(1, 1), c.entry("x3d_m_ssv2").views());
        ZooEntry k = c.entry("VoV3D-M-K400");
        assertEquals(new TestViews(10, 3), k.views());
        assertEquals(5, k.samplingRate());
        assertEquals(List.of(ModelArchitecture.VOV3D_M, ModelArchitecture.VOV3D_M_V1),
                c.entry("vov3d_m_ssv1_f16").acceptedArchitectures(), "the SS VoV3D-M URLs may hold either variant");
        assertEquals(List.of(ModelArchitecture.VOV3D_M_V1), c.entry("vov3d_m_v1_k400").acceptedArchitectures());
    }

    @Test
    void classNamesAreShippedWithTheRightCounts() {
        List<String> k400 = ZooDataset.KINETICS_400.classNames();
        assertEquals(400, k400.size());
        assertEquals("abseiling", k400.get(0));
        assertEquals("zumba", k400.get(399));
        assertEquals("passing American football (in game)", k400.get(208));
        List<String> ssv2 = ZooDataset.SOMETHING_SOMETHING_V2.classNames();
        assertEquals(174, ssv2.size());
        assertEquals("Approaching something with your camera", ssv2.get(0));
        assertEquals("Pretending to put something underneath something", ssv2.get(76));
        assertEquals("Wiping something off of something", ssv2.get(173));
        assertFalse(ZooDataset.SOMETHING_SOMETHING_V1.hasVerifiedClassNames());
        assertEquals("class_173", ZooDataset.SOMETHING_SOMETHING_V1.classNames().get(173));
    }

    @Test
    void unknownNamesAreExplained() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ZooCatalogue.builtIn().entry("vov3d_xl_k400"));
        assertTrue(e.getMessage().contains("vov3d_l_k400"), e.getMessage());
    }

    @Test
    void theZooIsRegisteredWithDjl() {
        ModelZoo zoo = ModelZoo.getModelZoo(Vov3dModelZoo.GROUP_ID);
        assertNotNull(zoo, "ZooProvider not found by the service loader");
        assertEquals(Set.of("vov3d_m", "vov3d_m_v1", "vov3d_l", "x3d_m", "x3d_l"),
                new HashSet<>(zoo.getModelLoaders().stream().map(l -> l.getArtifactId()).toList()));
        assertTrue(zoo.getModelLoaders().stream()
                .allMatch(l -> l.getApplication() == Application.CV.ACTION_RECOGNITION));
    }
}
