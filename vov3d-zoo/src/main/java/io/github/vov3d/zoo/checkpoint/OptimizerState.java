package io.github.vov3d.zoo.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code torch.optim} state dict as PySlowFast saves it, so that training can resume with
 * the same momentum. {@code state} maps a parameter's index (its position across all groups,
 * in group order) to its per-parameter state; for SGD, PySlowFast's default, that is just a
 * {@code momentum_buffer} tensor. Other optimizers' fields (Adam's {@code exp_avg}, …) are kept
 * as read. Maps keep the file's order and are unmodifiable.
 *
 * @param state parameter index → field name → value (a {@link StoredTensor} or plain value)
 * @param paramGroups the parameter groups with their hyper-parameters
 */
public record OptimizerState(Map<Integer, Map<String, Object>> state,
        List<ParamGroup> paramGroups) {
    /** The per-parameter field SGD keeps. */
    public static final String MOMENTUM_BUFFER = "momentum_buffer";

    /**
     * Copies both, keeping order.
     *
     * @param state parameter index → field name → value
     * @param paramGroups the parameter groups
     */
    public OptimizerState {
        LinkedHashMap<Integer, Map<String, Object>> copy = new LinkedHashMap<>();
        state.forEach((index, fields) -> copy.put(Objects.requireNonNull(index, "index"),
                Collections.unmodifiableMap(new LinkedHashMap<>(fields))));
        state = Collections.unmodifiableMap(copy);
        paramGroups = List.copyOf(paramGroups);
    }

    /**
     * @param momentumBuffers parameter index → momentum buffer
     * @param paramGroups the parameter groups
     * @return the state of a {@code torch.optim.SGD}
     */
    public static OptimizerState sgd(Map<Integer, StoredTensor> momentumBuffers,
            List<ParamGroup> paramGroups) {
        LinkedHashMap<Integer, Map<String, Object>> state = new LinkedHashMap<>();
        momentumBuffers.forEach((index, buffer) -> state.put(index,
                Map.of(MOMENTUM_BUFFER, Objects.requireNonNull(buffer, "buffer"))));
        return new OptimizerState(state, paramGroups);
    }

    /**
     * @return parameter index → SGD momentum buffer, for the parameters that have one
     */
    public Map<Integer, StoredTensor> momentumBuffers() {
        LinkedHashMap<Integer, StoredTensor> buffers = new LinkedHashMap<>();
        state.forEach((index, fields) -> {
            if (fields.get(MOMENTUM_BUFFER) instanceof StoredTensor buffer) {
                buffers.put(index, buffer);
            }
        });
        return Collections.unmodifiableMap(buffers);
    }

    /**
     * One parameter group of {@code torch.optim.SGD}. Keys of other optimizers or newer
     * PyTorch versions ({@code maximize}, {@code foreach}, {@code differentiable},
     * {@code initial_lr}, {@code betas}, …) are kept in {@code otherOptions} and written back
     * unchanged.
     *
     * @param lr learning rate
     * @param momentum momentum factor (0 when the group has none)
     * @param dampening dampening for momentum
     * @param weightDecay L2 penalty
     * @param nesterov whether Nesterov momentum is used
     * @param params the indices of the group's parameters
     * @param otherOptions every other key of the group, in file order (values may be
     *     {@code null} for Python's {@code None})
     */
    public record ParamGroup(double lr, double momentum, double dampening, double weightDecay,
            boolean nesterov, List<Integer> params, Map<String, Object> otherOptions) {
        /** The keys held in the record's own fields. */
        public static final List<String> FIELD_KEYS =
                List.of("lr", "momentum", "dampening", "weight_decay", "nesterov", "params");

        /**
         * Copies the lists and maps.
         *
         * @param lr learning rate
         * @param momentum momentum factor
         * @param dampening dampening for momentum
         * @param weightDecay L2 penalty
         * @param nesterov whether Nesterov momentum is used
         * @param params the indices of the group's parameters
         * @param otherOptions every other key of the group
         * @throws IllegalArgumentException if {@code otherOptions} repeats a field key
         */
        public ParamGroup {
            params = List.copyOf(params);
            LinkedHashMap<String, Object> options = new LinkedHashMap<>();
            otherOptions.forEach((k, v) -> {
                if (FIELD_KEYS.contains(Objects.requireNonNull(k, "option key"))) {
                    throw new IllegalArgumentException("'" + k + "' is a field, not an option");
                }
                options.put(k, v);
            });
            otherOptions = Collections.unmodifiableMap(options);
        }

        /**
         * @param lr learning rate
         * @param momentum momentum factor
         * @param weightDecay L2 penalty
         * @param nesterov whether Nesterov momentum is used
         * @param params the indices of the group's parameters
         * @return a group without dampening or other options
         */
        public static ParamGroup sgd(double lr, double momentum, double weightDecay,
                boolean nesterov, List<Integer> params) {
            return new ParamGroup(lr, momentum, 0, weightDecay, nesterov, params, Map.of());
        }
    }
}
