package io.github.vov3d.zoo.checkpoint;

import io.github.vov3d.api.CheckpointException;
import io.github.vov3d.api.UnsafeCheckpointException;
import io.github.vov3d.zoo.checkpoint.PickleReader.PersistentLoader;
import io.github.vov3d.zoo.checkpoint.PickleReader.PyCallable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One {@link PickleReader#read} run: the loop that executes one opcode at a time on a
 * {@link PickleStack} and a memo. Only the opcodes in {@link #step} exist for it; see
 * {@link PickleReader} for the safety rules.
 */
final class PickleMachine {
    private static final int MAX_PROTOCOL = 5;

    private final PickleInput in;
    private final PickleStack stack;
    private final Map<String, ?> globals;
    private final PersistentLoader persistentLoader;
    private final HashMap<Long, Object> memo = new HashMap<>();

    PickleMachine(String source, byte[] pickle, Map<String, ?> globals, PersistentLoader loader) {
        this.in = new PickleInput(source, pickle);
        this.stack = new PickleStack(in);
        this.globals = globals;
        this.persistentLoader = loader;
    }

    /** @return the offset of the opcode being executed, for messages */
    int offset() {
        return in.opStart();
    }

    Object run() throws CheckpointException {
        while (!in.atEnd()) {
            int op = in.opcode();
            if (op == '.') { // STOP
                if (stack.isEmpty()) {
                    throw in.error("STOP with an empty stack");
                }
                return stack.peek();
            }
            step(op);
        }
        throw new CheckpointException(in.source() + ": the pickle ends without a STOP opcode "
                + "after " + in.length() + " bytes; the checkpoint is truncated or corrupt");
    }

    private void step(int op) throws CheckpointException {
        switch (op) {
            case 0x80 -> { // PROTO
                int protocol = in.u8();
                if (protocol > MAX_PROTOCOL) {
                    throw in.error("unsupported pickle protocol " + protocol);
                }
            }
            case 0x95 -> in.le(8); // FRAME: framing is transparent
            case '(' -> stack.mark();
            case '0' -> { // POP: CPython pops the mark when nothing was pushed after it
                if (stack.frameEmpty()) {
                    stack.popToMark();
                } else {
                    stack.pop();
                }
            }
            case '1' -> stack.popToMark(); // POP_MARK
            case '2' -> stack.push(stack.peek()); // DUP
            case 'N' -> stack.push(null);
            case 0x88 -> stack.push(Boolean.TRUE);
            case 0x89 -> stack.push(Boolean.FALSE);
            case 'K' -> stack.push((long) in.u8()); // BININT1
            case 'M' -> stack.push(in.le(2)); // BININT2
            case 'J' -> stack.push((long) (int) in.le(4)); // BININT (signed)
            case 0x8a -> stack.push(in.bigInt(in.u8())); // LONG1
            case 0x8b -> stack.push(in.bigInt(in.checkLength(in.le(4) & 0xFFFFFFFFL))); // LONG4
            case 'G' -> stack.push(in.binFloat());
            case 'X' -> stack.push(in.utf8(in.checkLength(in.le(4)))); // BINUNICODE
            case 0x8c -> stack.push(in.utf8(in.u8())); // SHORT_BINUNICODE
            case 0x8d -> stack.push(in.utf8(in.checkLength(in.le(8)))); // BINUNICODE8
            case 'T' -> stack.push(in.latin1(in.checkLength((int) in.le(4)))); // BINSTRING
            case 'U' -> stack.push(in.latin1(in.u8())); // SHORT_BINSTRING
            case 'B' -> stack.push(in.bytes(in.checkLength(in.le(4)))); // BINBYTES
            case 'C' -> stack.push(in.bytes(in.u8())); // SHORT_BINBYTES
            case 0x8e -> stack.push(in.bytes(in.checkLength(in.le(8)))); // BINBYTES8
            case ')' -> stack.push(tuple(List.of())); // EMPTY_TUPLE
            case 't' -> stack.push(tuple(stack.popToMark())); // TUPLE
            case 0x85, 0x86, 0x87 -> stack.push(tuple(stack.popN(op - 0x84))); // TUPLE1..3
            case ']' -> stack.push(new ArrayList<>()); // EMPTY_LIST
            case 'l' -> stack.push(new ArrayList<>(stack.popToMark())); // LIST
            case 'a' -> list(stack.peekBelow(1)).add(stack.pop()); // APPEND
            case 'e' -> { // APPENDS
                List<Object> items = stack.popToMark();
                list(stack.peek()).addAll(items);
            }
            case '}' -> stack.push(new LinkedHashMap<>()); // EMPTY_DICT
            case 'd' -> stack.push(putAll(new LinkedHashMap<>(), stack.popToMark())); // DICT
            case 's' -> { // SETITEM
                List<Object> pair = stack.popN(2);
                putAll(dict(stack.peek()), pair);
            }
            case 'u' -> { // SETITEMS
                List<Object> items = stack.popToMark();
                putAll(dict(stack.peek()), items);
            }
            case 0x8f -> stack.push(new LinkedHashSet<>()); // EMPTY_SET
            case 0x90 -> { // ADDITEMS
                List<Object> items = stack.popToMark();
                addAll(set(stack.peek()), items);
            }
            case 0x91 -> stack.push(Collections.unmodifiableSet( // FROZENSET
                    addAll(new LinkedHashSet<>(), stack.popToMark())));
            case 'c' -> stack.push(global(in.line(), in.line())); // GLOBAL
            case 0x93 -> { // STACK_GLOBAL
                Object name = stack.pop();
                Object module = stack.pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw in.error("STACK_GLOBAL needs two strings");
                }
                stack.push(global(m, n));
            }
            case 'R', 0x81 -> { // REDUCE, NEWOBJ
                Object args = stack.pop();
                stack.push(call(stack.pop(), args));
            }
            case 'b' -> { // BUILD: the state is an OrderedDict's attributes (torch's _metadata)
                stack.pop();
                if (!(stack.peek() instanceof LinkedHashMap)) {
                    throw in.error("BUILD on a " + typeName(stack.peek()) + " is not supported");
                }
            }
            case 'Q' -> { // BINPERSID
                if (persistentLoader == null) {
                    throw in.error("persistent ids are not supported here");
                }
                stack.push(persistentLoader.load(stack.pop()));
            }
            case 'q' -> memo.put((long) in.u8(), stack.peek()); // BINPUT
            case 'r' -> memo.put(in.le(4), stack.peek()); // LONG_BINPUT
            case 0x94 -> memo.put((long) memo.size(), stack.peek()); // MEMOIZE
            case 'h' -> stack.push(memoGet(in.u8())); // BINGET
            case 'j' -> stack.push(memoGet(in.le(4))); // LONG_BINGET
            default -> throw new CheckpointException(String.format(Locale.ROOT,
                    "%s: unsupported pickle opcode 0x%02x%s at offset %d; torch.save never writes "
                            + "it, so the file is corrupt or was not written by torch.save",
                    in.source(), op, op >= 0x20 && op < 0x7F ? " ('" + (char) op + "')" : "",
                    in.opStart()));
        }
    }

    private Object global(String module, String name) throws CheckpointException {
        String qualified = module + "." + name;
        if (!globals.containsKey(qualified)) {
            throw new UnsafeCheckpointException(in.source() + ": refused to load: its pickle "
                    + "names the Python global '" + qualified + "' (offset " + in.opStart()
                    + "), which a PyTorch checkpoint of tensors never needs. Unpickling it would "
                    + "run code from the file. If you trust its origin, load it in Python and "
                    + "re-save only the state dict (torch.save(model.state_dict(), path)); "
                    + "otherwise delete it.", qualified);
        }
        return globals.get(qualified);
    }

    private Object call(Object callable, Object args) throws CheckpointException {
        if (!(callable instanceof PyCallable function)) {
            throw in.error("cannot call a " + typeName(callable));
        }
        if (!(args instanceof List<?> list) || args instanceof ArrayList) {
            throw in.error("call arguments must be a tuple, found a " + typeName(args));
        }
        return function.call(Collections.unmodifiableList(list));
    }

    private <T extends Collection<Object>> T addAll(T set, List<Object> items)
            throws CheckpointException {
        for (Object item : items) {
            checkHashable(item, 0);
            set.add(item);
        }
        return set;
    }

    private Map<Object, Object> putAll(Map<Object, Object> dict, List<Object> items)
            throws CheckpointException {
        if (items.size() % 2 != 0) {
            throw in.error("odd number of items for a dict");
        }
        for (int i = 0; i < items.size(); i += 2) {
            checkHashable(items.get(i), 0);
            dict.put(items.get(i), items.get(i + 1));
        }
        return dict;
    }

    /** Python's rule (only immutable values hash), with a depth bound for nested tuples. */
    private void checkHashable(Object key, int depth) throws CheckpointException {
        if (key == null || key instanceof String || key instanceof Long || key instanceof Double
                || key instanceof Boolean || key instanceof BigInteger) {
            return;
        }
        if (depth < PickleReader.MAX_KEY_DEPTH && key instanceof List<?> tuple
                && !(key instanceof ArrayList)) {
            for (Object item : tuple) {
                checkHashable(item, depth + 1);
            }
            return;
        }
        throw in.error("a " + typeName(key) + " cannot be a dict key or set element here");
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object target) throws CheckpointException {
        if (target instanceof LinkedHashMap) {
            return (Map<Object, Object>) target;
        }
        throw in.error("cannot set items of a " + typeName(target));
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object target) throws CheckpointException {
        if (target instanceof ArrayList) {
            return (List<Object>) target;
        }
        throw in.error("cannot append to a " + typeName(target));
    }

    @SuppressWarnings("unchecked")
    private Set<Object> set(Object target) throws CheckpointException {
        if (target instanceof LinkedHashSet) {
            return (Set<Object>) target;
        }
        throw in.error("cannot add items to a " + typeName(target));
    }

    private static List<Object> tuple(List<Object> items) {
        return Collections.unmodifiableList(Arrays.asList(items.toArray()));
    }

    private Object memoGet(long key) throws CheckpointException {
        if (!memo.containsKey(key)) {
            throw in.error("memo entry " + key + " was never stored");
        }
        return memo.get(key);
    }

    /**
     * @param value a value built by a pickle
     * @return its Python type name, for messages
     */
    static String typeName(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof List<?> && !(value instanceof ArrayList)) {
            return "tuple";
        }
        if (value instanceof Map<?, ?>) {
            return "dict";
        }
        if (value instanceof List<?>) {
            return "list";
        }
        return value.getClass().getSimpleName();
    }
}
