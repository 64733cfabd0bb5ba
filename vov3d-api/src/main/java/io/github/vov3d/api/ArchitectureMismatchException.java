package io.github.vov3d.api;

import java.util.List;

/**
 * A readable checkpoint does not fit the network it is loaded into: missing or unexpected
 * state-dict keys, or tensors of another shape. Carries every mismatch, and, where the file's
 * tensor shapes identify another known architecture, its name, so the message can say which
 * model to build instead.
 */
public class ArchitectureMismatchException extends CheckpointException {
    private static final long serialVersionUID = 1L;

    private final transient List<Mismatch> mismatches;
    private final String suggestedModel;

    /**
     * One difference between the network and the checkpoint.
     *
     * @param key reference state-dict key
     * @param expected shape the network needs, or {@code null} if the network has no such key
     * @param found shape in the file, or {@code null} if the file lacks the key
     */
    public record Mismatch(String key, long[] expected, long[] found) {
        @Override
        public String toString() {
            return key + ": expected " + describe(expected) + ", found " + describe(found);
        }

        private static String describe(long[] shape) {
            return shape == null ? "nothing" : java.util.Arrays.toString(shape);
        }
    }

    /**
     * @param message the summary with what to do
     * @param mismatches every difference found
     * @param suggestedModel the architecture the file looks like, or {@code null} if unknown
     */
    public ArchitectureMismatchException(
            String message, List<Mismatch> mismatches, String suggestedModel) {
        super(message);
        this.mismatches = List.copyOf(mismatches);
        this.suggestedModel = suggestedModel;
    }

    /**
     * @return every difference found, in state-dict order
     */
    public List<Mismatch> mismatches() {
        return mismatches;
    }

    /**
     * @return the model name the checkpoint looks like, if one was recognised
     */
    public java.util.Optional<String> suggestedModel() {
        return java.util.Optional.ofNullable(suggestedModel);
    }
}
