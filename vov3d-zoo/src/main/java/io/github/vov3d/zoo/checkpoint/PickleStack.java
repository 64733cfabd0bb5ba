package io.github.vov3d.zoo.checkpoint;

import io.github.vov3d.api.CheckpointException;
import java.util.ArrayList;
import java.util.List;

/**
 * The value stack of a pickle run with its MARK stack. A MARK fences the values pushed after
 * it: nothing below the innermost mark can be popped until the mark itself is popped, as in
 * CPython's unpickler, so a malformed pickle gets an error instead of silently consuming the
 * wrong values.
 */
final class PickleStack {
    private final PickleInput input;
    private final ArrayList<Object> values = new ArrayList<>();
    private final ArrayList<Integer> marks = new ArrayList<>();

    PickleStack(PickleInput input) {
        this.input = input;
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    void mark() {
        marks.add(values.size());
    }

    /** @return whether nothing was pushed since the innermost mark (false without marks) */
    boolean frameEmpty() {
        return !marks.isEmpty() && marks.get(marks.size() - 1) == values.size();
    }

    void push(Object value) {
        values.add(value);
    }

    Object pop() throws CheckpointException {
        check(1);
        return values.remove(values.size() - 1);
    }

    Object peek() throws CheckpointException {
        return peekBelow(0);
    }

    /** @return the value {@code depth} places below the top */
    Object peekBelow(int depth) throws CheckpointException {
        check(depth + 1);
        return values.get(values.size() - 1 - depth);
    }

    /** @return the top {@code n} values, bottom first, removed from the stack */
    List<Object> popN(int n) throws CheckpointException {
        check(n);
        return cut(values.size() - n);
    }

    /** @return the values above the innermost mark, bottom first; the mark is removed */
    List<Object> popToMark() throws CheckpointException {
        if (marks.isEmpty()) {
            throw input.error("no MARK to pop to");
        }
        return cut(marks.remove(marks.size() - 1));
    }

    private List<Object> cut(int from) {
        List<Object> top = values.subList(from, values.size());
        List<Object> items = new ArrayList<>(top);
        top.clear();
        return items;
    }

    private void check(int needed) throws CheckpointException {
        int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
        if (values.size() - needed < floor) {
            throw input.error("stack underflow");
        }
    }
}
