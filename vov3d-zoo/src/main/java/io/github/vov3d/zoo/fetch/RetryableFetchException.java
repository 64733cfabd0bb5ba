package io.github.vov3d.zoo.fetch;

import java.io.IOException;

/**
 * A failure that another attempt may cure (a 5xx or 429 answer, a connection cut half-way, a
 * server that ignored a resume). Internal: after the last attempt the fetcher turns it into a
 * {@link FetchException} with the matching reason.
 */
final class RetryableFetchException extends IOException {
    private static final long serialVersionUID = 1L;
    private final FetchException.Reason reason;

    RetryableFetchException(FetchException.Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    FetchException.Reason reason() {
        return reason;
    }
}
