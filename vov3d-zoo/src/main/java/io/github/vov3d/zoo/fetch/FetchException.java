package io.github.vov3d.zoo.fetch;

import java.io.IOException;

/**
 * Weights could not be fetched. Carries a {@link Reason} so that callers (the command line, a
 * retry policy, a test) can react to the kind of failure without parsing the message, while the
 * message itself always names the file, the source and what to do next.
 */
public class FetchException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, coarsely. */
    public enum Reason {
        /** The server answered 404 or 410: the link is dead or moved. */
        NOT_FOUND,
        /** The server kept failing (5xx, 429) until the retries ran out. */
        SERVER_ERROR,
        /** Any other HTTP status that retrying cannot fix (401, 403, 400…). */
        HTTP_ERROR,
        /** The connection failed, timed out or was cut until the retries ran out. */
        NETWORK,
        /** The bytes differ from the pinned or recorded SHA-256. */
        CHECKSUM_MISMATCH,
        /** Offline mode and the file is not in the cache. */
        OFFLINE_NOT_CACHED,
        /** Another process held the cache lock for longer than the lock timeout. */
        LOCK_TIMEOUT,
        /** A local source (path or {@code file:} URL) could not be read. */
        SOURCE_UNREADABLE
    }

    private final Reason reason;

    /**
     * @param reason the kind of failure
     * @param message what was wrong, where, and what to do
     */
    public FetchException(Reason reason, String message) {
        this(reason, message, null);
    }

    /**
     * @param reason the kind of failure
     * @param message what was wrong, where, and what to do
     * @param cause the underlying failure, if any
     */
    public FetchException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** @return the kind of failure */
    public Reason reason() {
        return reason;
    }
}
