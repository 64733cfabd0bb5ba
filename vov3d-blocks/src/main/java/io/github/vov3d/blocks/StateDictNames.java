package io.github.vov3d.blocks;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a block tree onto PySlowFast state-dict keys ({@code s2.pathway0_res0.branch2.c_bn.weight}).
 * Our blocks register children under their reference names; DJL prefixes each child with its
 * two-digit position, which is removed here, and renames DJL's BatchNorm parameters to
 * PyTorch's. Order is registration order, which equals the reference's module order, so the map
 * iterates like the reference state dict (minus {@code num_batches_tracked}, which DJL lacks).
 */
public final class StateDictNames {
    private static final Map<String, String> PARAMETER_NAMES = Map.of(
            "gamma", "weight",
            "beta", "bias",
            "runningMean", "running_mean",
            "runningVar", "running_var");

    private StateDictNames() {}

    /**
     * @param root a block tree built from this library's blocks (or any DJL blocks)
     * @return reference key → parameter (trainable ones and BN running statistics), in order
     */
    public static Map<String, Parameter> of(Block root) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect(root, "", out);
        return Collections.unmodifiableMap(out);
    }

    /**
     * @param key a reference key
     * @return whether it names a BatchNorm counter that has no DJL counterpart
     */
    public static boolean isBatchCounter(String key) {
        return key.endsWith(".num_batches_tracked");
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> out) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            String name = PARAMETER_NAMES.getOrDefault(p.getKey(), p.getKey());
            out.put(prefix + name, p.getValue());
        }
        int position = 1;
        for (Pair<String, Block> child : block.getChildren()) {
            String numbered = child.getKey();
            String number = String.format(Locale.ROOT, "%02d", position++);
            String name = numbered.startsWith(number) ? numbered.substring(number.length()) : numbered;
            collect(child.getValue(), prefix + name + ".", out);
        }
    }
}
