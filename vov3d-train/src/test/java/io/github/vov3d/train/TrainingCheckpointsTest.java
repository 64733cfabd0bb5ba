package io.github.vov3d.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.github.vov3d.blocks.StateDictNames;
import io.github.vov3d.blocks.network.VideoNetwork;
import io.github.vov3d.zoo.checkpoint.PySlowFastCheckpoint;
import io.github.vov3d.zoo.checkpoint.TorchCheckpointReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCheckpointsTest {
    @TempDir
    Path dir;

    @Test
    void weightsMomentumEpochAndScheduleSurviveARoundTrip() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            VideoNetwork a = SyntheticMotion.network();
            a.initialize(m, DataType.FLOAT32, new Shape(1, 3, 4, 32, 32));
            Map<String, Parameter> namedA = StateDictNames.of(a);
            Set<String> exemptA = BatchNormDecay.ALL_BATCH_NORM.exemptIds(a);
            Map<String, String> idsA = new LinkedHashMap<>();
            namedA.forEach((k, p) -> idsA.put(p.getId(), k));
            SgdParameterServer sgdA = new SgdParameterServer(m, idsA, exemptA, 0.9, true, 5e-5, () -> 0.1);
            for (Parameter p : namedA.values()) {
                if (p.requiresGradient()) {
                    NDArray g = m.randomNormal(p.getArray().getShape());
                    sgdA.update(p.getId(), new NDArray[] {g}, new NDArray[] {p.getArray()});
                }
            }
            TrainingCheckpoints store = new TrainingCheckpoints(dir);
            Path file = store.save(2, 77, 5, a, namedA, exemptA, sgdA, SyntheticMotion.recipe(4), 0.1);
            assertEquals("checkpoint_epoch_00003.pyth", file.getFileName().toString());
            PySlowFastCheckpoint raw = TorchCheckpointReader.read(file);
            assertEquals(2, raw.optimizerState().orElseThrow().paramGroups().size());
            assertEquals(0.0, raw.optimizerState().get().paramGroups().get(0).weightDecay());

            VideoNetwork b = SyntheticMotion.network();
            b.initialize(m, DataType.FLOAT32, new Shape(1, 3, 4, 32, 32));
            Map<String, Parameter> namedB = StateDictNames.of(b);
            var resumed = store.resume(b, namedB, BatchNormDecay.ALL_BATCH_NORM.exemptIds(b)).orElseThrow();
            assertEquals(2, resumed.epoch());
            assertEquals(77, resumed.iteration());
            assertEquals(5, resumed.seed());
            for (String k : namedA.keySet()) {
                assertArrayEquals(namedA.get(k).getArray().toFloatArray(), namedB.get(k).getArray().toFloatArray(), k);
            }
            Map<String, NDArray> buffers = sgdA.momentumBuffers();
            assertEquals(buffers.keySet(), resumed.momentum().keySet());
            buffers.forEach((k, v) -> assertArrayEquals(v.toFloatArray(), resumed.momentum().get(k).toFloatArray(), k));
        }
    }

    @Test
    void aDamagedNewestCheckpointFallsBackToThePreviousOne() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            VideoNetwork a = SyntheticMotion.network();
            a.initialize(m, DataType.FLOAT32, new Shape(1, 3, 4, 32, 32));
            Map<String, Parameter> named = StateDictNames.of(a);
            Set<String> exempt = BatchNormDecay.ALL_BATCH_NORM.exemptIds(a);
            SgdParameterServer sgd = new SgdParameterServer(m, Map.of(), exempt, 0.9, true, 0, () -> 0.1);
            TrainingCheckpoints store = new TrainingCheckpoints(dir);
            store.save(0, 8, 1, a, named, exempt, sgd, SyntheticMotion.recipe(4), 0.1);
            Path newest = store.save(1, 16, 1, a, named, exempt, sgd, SyntheticMotion.recipe(4), 0.1);
            byte[] bytes = Files.readAllBytes(newest);
            Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length / 2)); // e.g. a full disk
            var resumed = store.resume(a, named, exempt).orElseThrow();
            assertEquals(0, resumed.epoch());
            assertTrue(resumed.file().getFileName().toString().endsWith("00001.pyth"));
        }
    }
}
