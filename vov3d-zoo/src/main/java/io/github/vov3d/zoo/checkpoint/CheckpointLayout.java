package io.github.vov3d.zoo.checkpoint;

import io.github.vov3d.api.CheckpointException;
import io.github.vov3d.zoo.checkpoint.OptimizerState.ParamGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads the PySlowFast structure out of the value a checkpoint's pickle built: the top-level
 * dict with {@code epoch}, {@code model_state}, {@code optimizer_state} and {@code cfg}, or a
 * bare state dict (a dict of tensors only, as weights are often released). Every unexpected
 * type is an error that names the entry, because a half-understood checkpoint would give a
 * network that silently computes something else.
 */
final class CheckpointLayout {
    private final String source;

    private CheckpointLayout(String source) {
        this.source = source;
    }

    /**
     * @param root the value the pickle built
     * @param source the checkpoint, for messages
     * @return its contents
     * @throws CheckpointException if it is not a PySlowFast checkpoint or state dict
     */
    static PySlowFastCheckpoint interpret(Object root, String source) throws CheckpointException {
        return new CheckpointLayout(source).checkpoint(root);
    }

    private PySlowFastCheckpoint checkpoint(Object root) throws CheckpointException {
        if (!(root instanceof Map<?, ?> top)) {
            throw new CheckpointException(source + ": the checkpoint holds a "
                    + PickleMachine.typeName(root) + ", not a dict; this is not a PySlowFast "
                    + "checkpoint or a state dict");
        }
        if (!top.containsKey("model_state")) {
            if (isStateDict(top)) {
                return PySlowFastCheckpoint.ofModelState(stateDict(top, "the state dict"));
            }
            throw new CheckpointException(source + ": no 'model_state' entry: this is not a "
                    + "PySlowFast checkpoint (nor a bare state dict of tensors); keys found: "
                    + PickleValues.describeKeys(top.keySet()));
        }
        Map<String, Object> extras = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : top.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new CheckpointException(source + ": the checkpoint dict has a key that is "
                        + "not a string (" + PickleMachine.typeName(e.getKey()) + ")");
            }
            if (!PySlowFastCheckpoint.KNOWN_KEYS.contains(key)) {
                extras.put(key, PickleValues.freeze(e.getValue(), "'" + key + "'", source));
            }
        }
        return new PySlowFastCheckpoint(epoch(top.get("epoch")),
                stateDict(top.get("model_state"), "'model_state'"),
                optimizer(top.get("optimizer_state")), cfg(top.get("cfg")), extras);
    }

    private static boolean isStateDict(Map<?, ?> map) {
        return !map.isEmpty() && map.entrySet().stream().allMatch(
                e -> e.getKey() instanceof String && e.getValue() instanceof StoredTensor);
    }

    private Map<String, StoredTensor> stateDict(Object value, String what)
            throws CheckpointException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new CheckpointException(source + ": " + what + " is a "
                    + PickleMachine.typeName(value) + ", expected a dict of tensors");
        }
        Map<String, StoredTensor> state = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key) || !(e.getValue() instanceof StoredTensor t)) {
                throw new CheckpointException(source + ": " + what + " must map names to tensors, "
                        + "but holds a " + PickleMachine.typeName(e.getValue()) + " under "
                        + PickleValues.describeKeys(List.of(e.getKey())));
            }
            state.put(key, t);
        }
        return state;
    }

    private OptionalInt epoch(Object value) throws CheckpointException {
        if (value == null) {
            return OptionalInt.empty();
        }
        if (value instanceof Long epoch && epoch >= Integer.MIN_VALUE && epoch <= Integer.MAX_VALUE) {
            return OptionalInt.of(epoch.intValue());
        }
        throw new CheckpointException(source + ": 'epoch' is a " + PickleMachine.typeName(value)
                + (value instanceof Long ? " out of range" : "") + ", expected an int");
    }

    private Optional<String> cfg(Object value) throws CheckpointException {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String yaml) {
            return Optional.of(yaml);
        }
        throw new CheckpointException(source + ": 'cfg' is a " + PickleMachine.typeName(value)
                + ", expected the YAML text of the configuration");
    }

    private Optional<OptimizerState> optimizer(Object value) throws CheckpointException {
        if (value == null) {
            return Optional.empty();
        }
        Map<?, ?> dict = map(value, "'optimizer_state'");
        Map<?, ?> rawState = map(dict.containsKey("state") ? dict.get("state") : Map.of(),
                "'optimizer_state'['state']");
        Map<Integer, Map<String, Object>> state = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : rawState.entrySet()) {
            int index = index(e.getKey(), "a key of 'optimizer_state'['state']");
            String where = "'optimizer_state'['state'][" + index + "]";
            state.put(index, stringKeys(PickleValues.freeze(e.getValue(), where, source), where));
        }
        Object groups = PickleValues.freeze(dict.get("param_groups"),
                "'optimizer_state'['param_groups']", source);
        if (!(groups instanceof List<?> list)) {
            throw new CheckpointException(source + ": 'optimizer_state' has no 'param_groups' "
                    + "list; it is not a torch.optim state dict");
        }
        List<ParamGroup> paramGroups = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "'optimizer_state'['param_groups'][" + i + "]";
            paramGroups.add(group(stringKeys(list.get(i), where), where));
        }
        return Optional.of(new OptimizerState(state, paramGroups));
    }

    private ParamGroup group(Map<String, Object> group, String where) throws CheckpointException {
        if (!(group.get("params") instanceof List<?> rawParams)) {
            throw new CheckpointException(source + ": " + where + " has no 'params' list");
        }
        List<Integer> params = new ArrayList<>();
        for (Object p : rawParams) {
            params.add(index(p, where + "['params']"));
        }
        Map<String, Object> other = new LinkedHashMap<>(group);
        ParamGroup.FIELD_KEYS.forEach(other::remove);
        Object nesterov = group.getOrDefault("nesterov", Boolean.FALSE);
        if (!(nesterov instanceof Boolean)) {
            throw new CheckpointException(source + ": " + where + "['nesterov'] is not a bool");
        }
        return new ParamGroup(number(group, "lr", null, where), number(group, "momentum", 0.0, where),
                number(group, "dampening", 0.0, where), number(group, "weight_decay", 0.0, where),
                (Boolean) nesterov, params, other);
    }

    private double number(Map<String, Object> group, String key, Double absent, String where)
            throws CheckpointException {
        Object value = group.get(key);
        if (value == null && absent != null) {
            return absent;
        }
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof Long l) {
            return l;
        }
        throw new CheckpointException(source + ": " + where + "['" + key + "'] is a "
                + PickleMachine.typeName(value) + ", expected a number");
    }

    private int index(Object value, String where) throws CheckpointException {
        if (value instanceof Long l && l >= 0 && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        throw new CheckpointException(source + ": " + where + " holds a "
                + PickleMachine.typeName(value) + ", expected a parameter index");
    }

    private Map<?, ?> map(Object value, String where) throws CheckpointException {
        if (value instanceof Map<?, ?> m) {
            return m;
        }
        throw new CheckpointException(source + ": " + where + " is a "
                + PickleMachine.typeName(value) + ", expected a dict");
    }

    private Map<String, Object> stringKeys(Object value, String where) throws CheckpointException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map(value, where).entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new CheckpointException(source + ": " + where + " has a key that is not a "
                        + "string");
            }
            out.put(key, e.getValue());
        }
        return out;
    }
}
