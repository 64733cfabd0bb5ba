package io.github.vov3d.train;

/**
 * The loss became NaN or infinite. Training stops at once, before the broken weights can reach
 * a checkpoint, so the newest checkpoint on disk is still the last good state; the message says
 * where it is and what usually helps.
 */
public final class TrainingDivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** @param message where it happened and what to do */
    public TrainingDivergedException(String message) {
        super(message);
    }
}
