package io.github.vov3d.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import io.github.vov3d.blocks.StateDictNames;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which parameters skip weight decay. The reference exempts parameters whose <em>name</em>
 * contains "bn"; VoV3D names the BatchNorms inside D(2+1)D {@code a.1} and {@code c.1}, so 80
 * of VoV3D-M's 134 BatchNorms are decayed there after all. We exempt every BatchNorm by default
 * (the stated intent) and offer the reference's rule for bit-faithful reproductions.
 */
public enum BatchNormDecay {
    /** Every BatchNorm weight and bias is exempt from weight decay. */
    ALL_BATCH_NORM,
    /** Only parameters whose reference name contains "bn" are exempt (PySlowFast's rule). */
    REFERENCE_NAMES;

    /**
     * @param network the network being trained
     * @return ids of the parameters this rule exempts from weight decay
     */
    public Set<String> exemptIds(Block network) {
        Set<String> ids = new HashSet<>();
        if (this == REFERENCE_NAMES) {
            for (Map.Entry<String, Parameter> e : StateDictNames.of(network).entrySet()) {
                if (e.getKey().contains("bn") && e.getValue().requiresGradient()) {
                    ids.add(e.getValue().getId());
                }
            }
        } else {
            collectBatchNorm(network, ids);
        }
        return ids;
    }

    private static void collectBatchNorm(Block block, Set<String> ids) {
        if (block instanceof BatchNorm) {
            block.getDirectParameters().values().stream()
                    .filter(Parameter::requiresGradient)
                    .forEach(p -> ids.add(p.getId()));
        }
        block.getChildren().values().forEach(child -> collectBatchNorm(child, ids));
    }
}
