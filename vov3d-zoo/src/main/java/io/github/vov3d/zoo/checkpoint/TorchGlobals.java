package io.github.vov3d.zoo.checkpoint;

import io.github.vov3d.api.CheckpointException;
import io.github.vov3d.zoo.checkpoint.PickleReader.PyCallable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The allow-list of Python globals a {@code torch.save} state-dict checkpoint may name, with a
 * safe Java stand-in for each. It mirrors what PyTorch's own {@code weights_only} loader
 * accepts for plain tensors and containers: {@code collections.OrderedDict}, the tensor and
 * parameter rebuild functions, the typed storage classes, {@code set} and
 * {@code _codecs.encode} (how protocol 2 pickles {@code bytes}). Nothing else can be reached.
 */
final class TorchGlobals {
    private final String source;

    private TorchGlobals(String source) {
        this.source = source;
    }

    /**
     * @param source the checkpoint, named in messages
     * @return {@code module.name} → the object a {@code GLOBAL} of that name pushes
     */
    static Map<String, Object> allowList(String source) {
        TorchGlobals g = new TorchGlobals(source);
        Map<String, Object> map = new HashMap<>();
        map.put("collections.OrderedDict", (PyCallable) g::orderedDict);
        map.put("torch._utils._rebuild_tensor_v2", (PyCallable) g::rebuildTensor);
        map.put("torch._utils._rebuild_parameter", (PyCallable) g::rebuildParameter);
        map.put("torch._utils._rebuild_parameter_with_state", (PyCallable) g::rebuildParameter);
        map.put("builtins.set", (PyCallable) g::set);
        map.put("__builtin__.set", (PyCallable) g::set);
        map.put("_codecs.encode", (PyCallable) g::encode);
        for (TensorDType type : TensorDType.values()) {
            map.put(type.storageClass(), type);
        }
        return map;
    }

    /** {@code OrderedDict()} or {@code OrderedDict([(k, v), …])}. */
    private Object orderedDict(List<Object> args) throws CheckpointException {
        LinkedHashMap<Object, Object> dict = new LinkedHashMap<>();
        if (args.isEmpty()) {
            return dict;
        }
        if (args.size() == 1 && args.get(0) instanceof List<?> pairs) {
            for (Object pair : pairs) {
                if (!(pair instanceof List<?> kv) || kv.size() != 2
                        || !(kv.get(0) instanceof String || kv.get(0) instanceof Long)) {
                    throw invalid("OrderedDict", "items must be (str or int, value) pairs");
                }
                dict.put(kv.get(0), kv.get(1));
            }
            return dict;
        }
        throw invalid("OrderedDict", "expects no argument or one list of pairs");
    }

    /**
     * {@code _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[,
     * metadata])}: a view into a storage; the gradient flag, hooks and metadata do not matter
     * for stored values.
     */
    private Object rebuildTensor(List<Object> args) throws CheckpointException {
        if (args.size() < 4 || args.size() > 7 || !(args.get(0) instanceof TorchStorage storage)
                || !(args.get(1) instanceof Long offset)) {
            throw invalid("_rebuild_tensor_v2", "expects (storage, offset, size, stride, …)");
        }
        long[] size = longs(args.get(2), "size");
        long[] stride = longs(args.get(3), "stride");
        try {
            return new StoredTensor(storage.dtype(), size, stride, offset, storage.data());
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(source + ": tensor on storage data/" + storage.key()
                    + " is invalid: " + e.getMessage() + "; the checkpoint is corrupt", e);
        }
    }

    /** {@code _rebuild_parameter(tensor, requires_grad, hooks[, state])}: the tensor itself. */
    private Object rebuildParameter(List<Object> args) throws CheckpointException {
        if (args.isEmpty() || !(args.get(0) instanceof StoredTensor tensor)) {
            throw invalid("_rebuild_parameter", "expects a tensor first");
        }
        return tensor;
    }

    /** {@code set()} or {@code set([…])}, elements already checked hashable by the machine. */
    private Object set(List<Object> args) throws CheckpointException {
        if (args.isEmpty()) {
            return new LinkedHashSet<>();
        }
        if (args.size() == 1 && args.get(0) instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof List || item instanceof Map || item instanceof StoredTensor) {
                    throw invalid("set", "elements must be scalars or strings");
                }
            }
            return new LinkedHashSet<Object>(items);
        }
        throw invalid("set", "expects no argument or one list");
    }

    /** {@code _codecs.encode(text, 'latin1')}: how protocol 2 spells a {@code bytes} value. */
    private Object encode(List<Object> args) throws CheckpointException {
        if (args.size() == 2 && args.get(0) instanceof String text
                && ("latin1".equals(args.get(1)) || "latin-1".equals(args.get(1)))) {
            return text.getBytes(StandardCharsets.ISO_8859_1);
        }
        throw invalid("_codecs.encode", "only (str, 'latin1') is supported");
    }

    private long[] longs(Object value, String what) throws CheckpointException {
        if (!(value instanceof List<?> list) || value instanceof ArrayList
                || list.size() > StoredTensor.MAX_RANK) {
            throw invalid("_rebuild_tensor_v2", what + " must be a tuple of at most "
                    + StoredTensor.MAX_RANK + " ints");
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long v)) {
                throw invalid("_rebuild_tensor_v2", what + " must hold ints");
            }
            out[i] = v;
        }
        return out;
    }

    private CheckpointException invalid(String function, String what) {
        return new CheckpointException(source + ": malformed call of " + function + " in the "
                + "pickle: " + what + "; the checkpoint is corrupt");
    }
}
