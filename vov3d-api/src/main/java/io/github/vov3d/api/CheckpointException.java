package io.github.vov3d.api;

import java.io.IOException;

/**
 * A checkpoint file could not be used: it is not a readable PyTorch archive, it is truncated,
 * or it asks for something we refuse to do. Always names the file and says what to do, because
 * checkpoints come from elsewhere and the user needs to know whether to re-download, convert or
 * pick another model.
 */
public class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong, where, and what to do
     */
    public CheckpointException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong, where, and what to do
     * @param cause the underlying failure
     */
    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
