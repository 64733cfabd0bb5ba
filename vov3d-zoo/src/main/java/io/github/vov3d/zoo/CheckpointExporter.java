package io.github.vov3d.zoo;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.github.vov3d.blocks.StateDictNames;
import io.github.vov3d.zoo.checkpoint.StoredTensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reverse of {@link CheckpointImporter}: a network's parameters as a PySlowFast state dict,
 * ready for {@code TorchCheckpointWriter}, so checkpoints we write load in the reference code
 * (and back here). BatchNorm layers get the {@code num_batches_tracked} counter PyTorch expects;
 * DJL does not count batches, so it is written as 0 (PySlowFast's BN momentum does not read it).
 */
public final class CheckpointExporter {
    private static final String RUNNING_VAR = "running_var";

    private CheckpointExporter() {}

    /**
     * @param network an initialised block tree of this library
     * @return reference key → tensor, in the reference's order
     */
    public static Map<String, StoredTensor> stateDict(Block network) {
        Map<String, StoredTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : StateDictNames.of(network).entrySet()) {
            var array = e.getValue().getArray();
            out.put(e.getKey(), StoredTensor.ofFloats(array.toFloatArray(), array.getShape().getShape()));
            if (e.getKey().endsWith("." + RUNNING_VAR)) {
                String bn = e.getKey().substring(0, e.getKey().length() - RUNNING_VAR.length());
                out.put(bn + "num_batches_tracked", StoredTensor.ofLongs(new long[] {0L}));
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
