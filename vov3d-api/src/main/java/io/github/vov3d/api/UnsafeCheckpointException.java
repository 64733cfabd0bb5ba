package io.github.vov3d.api;

/**
 * A checkpoint's pickle names a Python global outside the allow-list (for example
 * {@code posix.system}). Pickle is executable code; we never resolve such names, so a malicious
 * or foreign file is refused before anything from it is used.
 */
public class UnsafeCheckpointException extends CheckpointException {
    private static final long serialVersionUID = 1L;

    private final String global;

    /**
     * @param message what was refused and where
     * @param global the refused global as {@code module.name}
     */
    public UnsafeCheckpointException(String message, String global) {
        super(message);
        this.global = global;
    }

    /**
     * @return the refused global as {@code module.name}
     */
    public String global() {
        return global;
    }
}
