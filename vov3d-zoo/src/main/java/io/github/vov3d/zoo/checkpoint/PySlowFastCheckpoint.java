package io.github.vov3d.zoo.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The contents of a PySlowFast checkpoint: the dict its {@code save_checkpoint} passes to
 * {@code torch.save}. Released weights are often a bare state dict instead; the reader then
 * fills only {@link #modelState()}. Every map keeps the file's order and is unmodifiable.
 *
 * @param epoch the {@code epoch} entry (PySlowFast counts from 0; the file name uses epoch+1)
 * @param modelState the {@code model_state} entry: state-dict key → tensor, in file order
 * @param optimizerState the {@code optimizer_state} entry, present in training checkpoints
 * @param cfg the {@code cfg} entry: the full YAML configuration the model was trained with
 * @param extras any other top-level entries, as plain Java values (see
 *     {@link TorchCheckpointReader} for the mapping)
 */
public record PySlowFastCheckpoint(OptionalInt epoch, Map<String, StoredTensor> modelState,
        Optional<OptimizerState> optimizerState, Optional<String> cfg,
        Map<String, Object> extras) {
    /** The top-level keys PySlowFast writes, which cannot appear among the extras. */
    public static final Set<String> KNOWN_KEYS =
            Set.of("epoch", "model_state", "optimizer_state", "cfg");

    /**
     * Copies both maps, keeping their order.
     *
     * @param epoch the epoch, if recorded
     * @param modelState state-dict key → tensor
     * @param optimizerState the optimizer state, if recorded
     * @param cfg the YAML configuration, if recorded
     * @param extras other top-level entries
     * @throws NullPointerException if an argument, a key or a tensor is {@code null}
     * @throws IllegalArgumentException if an extra entry uses one of {@link #KNOWN_KEYS}
     */
    public PySlowFastCheckpoint {
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(optimizerState, "optimizerState");
        Objects.requireNonNull(cfg, "cfg");
        LinkedHashMap<String, StoredTensor> state = new LinkedHashMap<>();
        modelState.forEach((k, v) -> state.put(Objects.requireNonNull(k, "state-dict key"),
                Objects.requireNonNull(v, () -> "tensor " + k)));
        modelState = Collections.unmodifiableMap(state);
        LinkedHashMap<String, Object> other = new LinkedHashMap<>();
        extras.forEach((k, v) -> {
            if (KNOWN_KEYS.contains(Objects.requireNonNull(k, "extra key"))) {
                throw new IllegalArgumentException("'" + k + "' is a PySlowFast entry, not an extra");
            }
            other.put(k, v);
        });
        extras = Collections.unmodifiableMap(other);
    }

    /**
     * @param modelState state-dict key → tensor
     * @return a checkpoint holding only weights (no epoch, optimizer state or configuration)
     */
    public static PySlowFastCheckpoint ofModelState(Map<String, StoredTensor> modelState) {
        return new PySlowFastCheckpoint(OptionalInt.empty(), modelState, Optional.empty(),
                Optional.empty(), Map.of());
    }

    /**
     * @param epoch the epoch to record
     * @return a copy with that epoch
     */
    public PySlowFastCheckpoint withEpoch(int epoch) {
        return new PySlowFastCheckpoint(OptionalInt.of(epoch), modelState, optimizerState, cfg,
                extras);
    }

    /**
     * @param state the optimizer state to record
     * @return a copy with that optimizer state
     */
    public PySlowFastCheckpoint withOptimizerState(OptimizerState state) {
        return new PySlowFastCheckpoint(epoch, modelState, Optional.of(state), cfg, extras);
    }

    /**
     * @param yaml the configuration to record
     * @return a copy with that configuration
     */
    public PySlowFastCheckpoint withCfg(String yaml) {
        return new PySlowFastCheckpoint(epoch, modelState, optimizerState, Optional.of(yaml),
                extras);
    }

    @Override
    public String toString() {
        return "PySlowFastCheckpoint[epoch=" + (epoch.isPresent() ? epoch.getAsInt() : "none")
                + ", " + modelState.size() + " tensors"
                + optimizerState.map(o -> ", optimizer state of " + o.paramGroups().size()
                        + " groups").orElse("")
                + (cfg.isPresent() ? ", cfg of " + cfg.get().length() + " chars" : "")
                + (extras.isEmpty() ? "" : ", extras " + extras.keySet()) + "]";
    }
}
