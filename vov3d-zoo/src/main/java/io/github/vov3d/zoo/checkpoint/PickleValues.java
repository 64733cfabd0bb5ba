package io.github.vov3d.zoo.checkpoint;

import io.github.vov3d.api.CheckpointException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns values built by a pickle into immutable plain Java values before they are handed out.
 * A pickle can build lists that contain themselves or nest a million levels deep; such values
 * would overflow the stack in {@code equals}, {@code hashCode} or {@code toString}. Copying with
 * a depth bound rejects both (a cycle has unbounded depth), so everything a checkpoint exposes
 * is finite, acyclic and safe to print and compare.
 *
 * <p>The result uses: {@code null}, {@link String}, {@link Boolean}, {@link Long},
 * {@link BigInteger}, {@link Double}, {@link StoredTensor}, a read-only {@link ByteBuffer} for
 * {@code bytes}, and unmodifiable {@link List} (for both tuples and lists), {@link Map} and
 * {@link Set} of these.
 */
final class PickleValues {
    /** How deeply containers may nest in extra entries and optimizer fields. */
    static final int MAX_DEPTH = 64;
    /**
     * How many values one frozen value may expand to, counting shared references once per
     * reference: bounds the copy and any later {@code hashCode} or {@code toString}, which a
     * pickle reusing memoized containers could otherwise make exponential.
     */
    static final int MAX_VALUES = 1 << 20;

    private final String source;
    private int budget = MAX_VALUES;

    private PickleValues(String source) {
        this.source = source;
    }

    /**
     * @param value a value built by the pickle
     * @param where its location, e.g. {@code optimizer_state['state'][3]}, for messages
     * @param source the checkpoint, for messages
     * @return an immutable, acyclic copy
     * @throws CheckpointException if it nests too deeply or holds an unsupported object
     */
    static Object freeze(Object value, String where, String source) throws CheckpointException {
        return new PickleValues(source).freeze(value, new Location(null, where), 0);
    }

    /** Where a value sits, built into text only for an error message. */
    private record Location(Location parent, String segment) {
        Location child(String part) {
            return new Location(this, part);
        }

        @Override
        public String toString() {
            return parent == null ? segment : parent + segment;
        }
    }

    private Object freeze(Object value, Location where, int depth) throws CheckpointException {
        if (--budget < 0) {
            throw new CheckpointException(source + ": " + where + " expands to more than "
                    + MAX_VALUES + " values; the checkpoint is corrupt or malicious");
        }
        if (value == null || value instanceof String || value instanceof Boolean
                || value instanceof Long || value instanceof BigInteger || value instanceof Double
                || value instanceof StoredTensor) {
            return value;
        }
        if (value instanceof TorchStorage storage) {
            return storage.asTensor();
        }
        if (value instanceof byte[] bytes) {
            return ByteBuffer.wrap(bytes.clone()).asReadOnlyBuffer();
        }
        if (depth >= MAX_DEPTH) {
            throw new CheckpointException(source + ": " + where + " nests containers more than "
                    + MAX_DEPTH + " levels deep (or contains itself); the checkpoint is corrupt "
                    + "or malicious");
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(freeze(list.get(i), where.child("[" + i + "]"), depth + 1));
            }
            return Collections.unmodifiableList(out);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object key = freeze(e.getKey(), where.child(" key"), depth + 1);
                out.put(key, freeze(e.getValue(), where.child(keySegment(key)), depth + 1));
            }
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof Set<?> set) {
            Set<Object> out = new LinkedHashSet<>();
            for (Object item : set) {
                out.add(freeze(item, where.child(" element"), depth + 1));
            }
            return Collections.unmodifiableSet(out);
        }
        throw new CheckpointException(source + ": " + where + " holds a Python "
                + (value instanceof TensorDType ? "storage class" : "callable")
                + " where a value was expected; the checkpoint is not a plain state dict");
    }

    private static String keySegment(Object key) {
        if (key instanceof String s) {
            return "['" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "']";
        }
        return key instanceof Number ? "[" + key + "]" : "[…]";
    }

    /**
     * @param keys dict keys (may be cyclic containers)
     * @return a short listing safe to put in a message
     */
    static String describeKeys(Iterable<?> keys) {
        List<String> names = new ArrayList<>();
        for (Object key : keys) {
            if (names.size() == 20) {
                names.add("…");
                break;
            }
            names.add(key instanceof String s ? "'" + s + "'"
                    : key instanceof Number || key == null ? String.valueOf(key)
                    : PickleMachine.typeName(key));
        }
        return names.toString();
    }

}
