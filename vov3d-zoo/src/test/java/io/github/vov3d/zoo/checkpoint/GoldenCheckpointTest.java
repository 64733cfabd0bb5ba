package io.github.vov3d.zoo.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.vov3d.zoo.checkpoint.OptimizerState.ParamGroup;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Reads the checkpoints the upstream code wrote and compares them with their manifests. The
 * value sums were computed with NumPy straight from the archives' raw storages
 * ({@code np.frombuffer(zip.read('archive/data/<key>'), np.float32).sum(dtype=np.float64)}).
 */
class GoldenCheckpointTest {

    @ParameterizedTest
    @ValueSource(strings = {GoldenFiles.VOV3D, GoldenFiles.X3D})
    void stateDictMatchesTheManifest(String name) throws IOException {
        PySlowFastCheckpoint checkpoint = TorchCheckpointReader.read(GoldenFiles.checkpoint(name));
        JsonArray expected = GoldenFiles.manifest(name).getAsJsonArray("state_dict");
        Map<String, StoredTensor> state = checkpoint.modelState();
        assertEquals(expected.size(), state.size(), "tensor count");
        List<String> keys = new ArrayList<>(state.keySet());
        for (int i = 0; i < expected.size(); i++) {
            JsonObject entry = expected.get(i).getAsJsonObject();
            String key = entry.get("key").getAsString();
            assertEquals(key, keys.get(i), "key order at position " + i);
            StoredTensor tensor = state.get(key);
            long[] shape = new long[entry.getAsJsonArray("shape").size()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = entry.getAsJsonArray("shape").get(d).getAsLong();
            }
            assertArrayEquals(shape, tensor.shape(), key);
            String dtype = entry.get("dtype").getAsString();
            assertEquals(dtype.equals("int64") ? TensorDType.INT64 : TensorDType.FLOAT32,
                    tensor.dtype(), key);
        }
        JsonObject meta = GoldenFiles.manifest(name).getAsJsonObject("checkpoint");
        assertEquals(meta.get("epoch").getAsInt(), checkpoint.epoch().getAsInt());
        assertTrue(checkpoint.cfg().orElseThrow().contains("NUM_CLASSES: 400"));
        assertTrue(checkpoint.extras().isEmpty(), "no unknown top-level entries");
        long params = state.entrySet().stream().filter(e -> e.getValue().dtype() == TensorDType.FLOAT32
                && !e.getKey().endsWith("running_mean") && !e.getKey().endsWith("running_var"))
                .mapToLong(e -> e.getValue().numel()).sum();
        assertEquals(GoldenFiles.manifest(name).get("param_count").getAsLong(), params);
    }

    @Test
    void tensorValuesMatchNumpy() throws IOException {
        Map<String, StoredTensor> vov3d = TorchCheckpointReader.read(
                GoldenFiles.checkpoint(GoldenFiles.VOV3D)).modelState();
        assertEquals(0.02822239778470248, sum(vov3d.get("head.projection.bias")), 1e-6);
        assertEquals(-13.610810536439544, sum(vov3d.get("head.projection.weight")), 1e-4);
        assertEquals(4.7109095263367635, sum(vov3d.get("s1.pathway0_stem.conv_xy.weight")), 1e-5);
        float[] bias = vov3d.get("head.projection.bias").toFloatArray();
        assertEquals(-0.0851243f, bias[0], 1e-7f);
        assertEquals(0.00981087f, bias[1], 1e-7f);
        StoredTensor counter = vov3d.get("s1.pathway0_stem.bn.num_batches_tracked");
        assertEquals(0, counter.rank());
        assertArrayEquals(new long[] {12345}, counter.toLongArray());
        assertArrayEquals(new float[] {12345f}, counter.toFloatArray());

        Map<String, StoredTensor> x3d = TorchCheckpointReader.read(
                GoldenFiles.checkpoint(GoldenFiles.X3D)).modelState();
        assertEquals(0.47464149180450477, sum(x3d.get("head.projection.bias")), 1e-6);
        assertEquals(0.47784882690757513, sum(x3d.get("s1.pathway0_stem.bn.running_var")), 1e-6);
    }

    @Test
    void readsTheSgdOptimizerState() throws IOException {
        PySlowFastCheckpoint vov3d = TorchCheckpointReader.read(
                GoldenFiles.checkpoint(GoldenFiles.VOV3D));
        OptimizerState optimizer = vov3d.optimizerState().orElseThrow();
        JsonObject structure = GoldenFiles.manifest(GoldenFiles.VOV3D)
                .getAsJsonObject("optimizer_state").getAsJsonObject("structure");
        JsonArray groups = structure.getAsJsonArray("param_groups");
        assertEquals(2, optimizer.paramGroups().size());
        for (int i = 0; i < groups.size(); i++) {
            JsonObject expected = groups.get(i).getAsJsonObject();
            ParamGroup group = optimizer.paramGroups().get(i);
            assertEquals(expected.get("lr").getAsDouble(), group.lr());
            assertEquals(expected.get("momentum").getAsDouble(), group.momentum());
            assertEquals(expected.get("dampening").getAsDouble(), group.dampening());
            assertEquals(expected.get("weight_decay").getAsDouble(), group.weightDecay());
            assertEquals(expected.get("nesterov").getAsBoolean(), group.nesterov());
            assertEquals(expected.get("num_params").getAsInt(), group.params().size());
            JsonArray range = expected.getAsJsonArray("param_index_range");
            assertEquals(range.get(0).getAsInt(), group.params().get(0));
            assertEquals(range.get(1).getAsInt(), group.params().get(group.params().size() - 1));
            assertEquals(Boolean.FALSE, group.otherOptions().get("maximize"));
            assertTrue(group.otherOptions().containsKey("foreach"));
            assertEquals(null, group.otherOptions().get("foreach"), "Python None");
        }
        Map<Integer, StoredTensor> buffers = optimizer.momentumBuffers();
        List<Integer> indices = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e
                : structure.getAsJsonObject("state_index_to_param_name").entrySet()) {
            indices.add(Integer.valueOf(e.getKey()));
            assertArrayEquals(vov3d.modelState().get(e.getValue().getAsString()).shape(),
                    buffers.get(Integer.valueOf(e.getKey())).shape());
        }
        assertEquals(indices, new ArrayList<>(buffers.keySet()));
        assertEquals(-0.0006863881049383735, sum(buffers.get(540)), 1e-8);
        assertEquals(1.3512326404452324e-06, sum(buffers.get(541)), 1e-10);

        assertFalse(TorchCheckpointReader.read(GoldenFiles.checkpoint(GoldenFiles.X3D))
                .optimizerState().isPresent());
    }

    static double sum(StoredTensor tensor) {
        double sum = 0;
        for (float v : tensor.toFloatArray()) {
            sum += v;
        }
        return sum;
    }
}
