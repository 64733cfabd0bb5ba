package io.github.vov3d.zoo.checkpoint;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes values as a protocol 2 pickle in the form {@code torch.save} produces, using only the
 * globals PyTorch's {@code weights_only} loader and our {@link PickleReader} accept:
 * {@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2}, the typed storage
 * classes, {@code builtins.set} and {@code _codecs.encode}. Tensors are written as persistent
 * ids {@code ('storage', torch.FloatStorage, key, 'cpu', numel)}, with keys {@code "0"},
 * {@code "1"}, … in order of first appearance; {@link #storages()} lists them for the archive.
 * A tensor instance that appears twice is stored once.
 *
 * <p>Accepted values: {@code null}, {@link Boolean}, {@link Integer}, {@link Long},
 * {@link BigInteger}, {@link Float}, {@link Double}, {@link String}, {@link StoredTensor},
 * {@link ByteBuffer} (as {@code bytes}), {@link List} and other collections (as lists),
 * {@link Set} (as {@code set}), {@link Map} (as {@code dict}) and {@link OrderedDict}.
 */
final class PickleWriter {
    private static final int BATCH = 1000;
    private static final int MAX_DEPTH = 64;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
    private final Map<String, Integer> memo = new HashMap<>();
    private final Map<StoredTensor, String> storageKeys = new IdentityHashMap<>();
    private final List<StoredTensor> storages = new ArrayList<>();

    /**
     * Marks a map to be written as a {@code collections.OrderedDict}, as PyTorch's state dicts
     * are.
     *
     * @param map the entries, in order
     */
    record OrderedDict(Map<?, ?> map) {}

    PickleWriter() {
        out.write(0x80); // PROTO 2
        out.write(2);
    }

    /**
     * @param value the object the pickle builds
     * @return the complete pickle
     * @throws IllegalArgumentException if it holds an unsupported type or nests too deeply
     */
    byte[] write(Object value) {
        value(value, 0);
        out.write('.'); // STOP
        return out.toByteArray();
    }

    /** @return the tensors whose storages the pickle names, storage key = list index */
    List<StoredTensor> storages() {
        return List.copyOf(storages);
    }

    private void value(Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("values nest more than " + MAX_DEPTH
                    + " levels deep (or contain themselves)");
        }
        if (value == null) {
            out.write('N');
        } else if (value instanceof Boolean b) {
            out.write(b ? 0x88 : 0x89);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) {
            integer(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            bigInteger(big);
        } else if (value instanceof Float || value instanceof Double) {
            out.write('G');
            longBytes(Double.doubleToRawLongBits(((Number) value).doubleValue()), 8, true);
        } else if (value instanceof String s) {
            string(s);
        } else if (value instanceof StoredTensor t) {
            tensor(t);
        } else if (value instanceof ByteBuffer bytes) {
            global("_codecs", "encode");
            byte[] raw = new byte[bytes.remaining()];
            bytes.duplicate().get(raw);
            string(new String(raw, StandardCharsets.ISO_8859_1));
            string("latin1");
            out.write(0x86); // TUPLE2
            out.write('R');
        } else if (value instanceof OrderedDict ordered) {
            global("collections", "OrderedDict");
            out.write(')');
            out.write('R');
            items(ordered.map(), depth);
        } else if (value instanceof Map<?, ?> map) {
            out.write('}');
            items(map, depth);
        } else if (value instanceof Set<?> set) {
            global("builtins", "set");
            list(set, depth);
            out.write(0x85); // TUPLE1
            out.write('R');
        } else if (value instanceof Collection<?> list) {
            list(list, depth);
        } else {
            throw new IllegalArgumentException("cannot pickle a " + value.getClass().getName());
        }
    }

    private void items(Map<?, ?> map, int depth) {
        int inBatch = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (inBatch == 0) {
                out.write('(');
            }
            value(e.getKey(), depth + 1);
            value(e.getValue(), depth + 1);
            if (++inBatch == BATCH) {
                out.write('u'); // SETITEMS
                inBatch = 0;
            }
        }
        if (inBatch > 0) {
            out.write('u');
        }
    }

    private void list(Collection<?> items, int depth) {
        out.write(']');
        int inBatch = 0;
        for (Object item : items) {
            if (inBatch == 0) {
                out.write('(');
            }
            value(item, depth + 1);
            if (++inBatch == BATCH) {
                out.write('e'); // APPENDS
                inBatch = 0;
            }
        }
        if (inBatch > 0) {
            out.write('e');
        }
    }

    /** {@code _rebuild_tensor_v2(storage, 0, size, stride, False, OrderedDict())}. */
    private void tensor(StoredTensor tensor) {
        String key = storageKeys.get(tensor);
        if (key == null) {
            key = Integer.toString(storages.size());
            storageKeys.put(tensor, key);
            storages.add(tensor);
        }
        global("torch._utils", "_rebuild_tensor_v2");
        out.write('(');
        out.write('(');
        string("storage");
        String storageClass = tensor.dtype().storageClass();
        global("torch", storageClass.substring("torch.".length()));
        string(key);
        string("cpu");
        integer(tensor.numel());
        out.write('t');
        out.write('Q'); // BINPERSID
        integer(0);
        long[] shape = tensor.shape();
        tuple(shape);
        tuple(TensorLayout.contiguousStrides(shape));
        out.write(0x89); // requires_grad=False
        global("collections", "OrderedDict");
        out.write(')');
        out.write('R');
        out.write('t');
        out.write('R');
    }

    private void tuple(long[] values) {
        if (values.length == 0) {
            out.write(')');
            return;
        }
        if (values.length > 3) {
            out.write('(');
        }
        for (long v : values) {
            integer(v);
        }
        out.write(values.length > 3 ? 't' : 0x84 + values.length);
    }

    /** Writes a GLOBAL once and memoizes it; later uses fetch it from the memo. */
    private void global(String module, String name) {
        String qualified = module + "\n" + name + "\n";
        Integer index = memo.get(qualified);
        if (index != null) {
            memoOp(index, 'h', 'j');
            return;
        }
        out.write('c');
        out.writeBytes(qualified.getBytes(StandardCharsets.UTF_8));
        index = memo.size();
        memo.put(qualified, index);
        memoOp(index, 'q', 'r');
    }

    private void memoOp(int index, int shortOp, int longOp) {
        if (index < 256) {
            out.write(shortOp);
            out.write(index);
        } else {
            out.write(longOp);
            longBytes(index, 4, false);
        }
    }

    private void integer(long v) {
        if (v >= 0 && v < 0x100) {
            out.write('K');
            out.write((int) v);
        } else if (v >= 0 && v < 0x10000) {
            out.write('M');
            longBytes(v, 2, false);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write('J');
            longBytes(v, 4, false);
        } else {
            bigInteger(BigInteger.valueOf(v));
        }
    }

    private void bigInteger(BigInteger v) {
        byte[] big = v.toByteArray();
        if (big.length < 0x100) {
            out.write(0x8a); // LONG1
            out.write(big.length);
        } else {
            out.write(0x8b); // LONG4
            longBytes(big.length, 4, false);
        }
        for (int i = big.length - 1; i >= 0; i--) {
            out.write(big[i]);
        }
    }

    private void string(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.write('X'); // BINUNICODE
        longBytes(utf8.length, 4, false);
        out.writeBytes(utf8);
    }

    private void longBytes(long v, int n, boolean bigEndian) {
        for (int i = 0; i < n; i++) {
            int shift = 8 * (bigEndian ? n - 1 - i : i);
            out.write((int) (v >>> shift) & 0xFF);
        }
    }
}
