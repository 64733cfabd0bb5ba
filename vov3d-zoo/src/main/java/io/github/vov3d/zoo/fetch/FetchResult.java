package io.github.vov3d.zoo.fetch;

import java.nio.file.Path;

/**
 * A verified file in the cache and how it got there, so callers can tell the user whether a
 * download happened and how much the digest can be trusted.
 *
 * @param file the cached file (complete and verified)
 * @param sha256 its SHA-256, lower-case hex
 * @param origin whether it was downloaded, copied from a local source, or already cached
 * @param trust what the digest was checked against
 */
public record FetchResult(Path file, String sha256, Origin origin, Trust trust) {

    /** Where the bytes came from on this call. */
    public enum Origin {
        /** Downloaded over HTTP(S) just now. */
        DOWNLOADED,
        /** Copied from a local path or {@code file:} URL just now. */
        COPIED,
        /** Already in the cache. */
        CACHED
    }

    /** What the digest was verified against. */
    public enum Trust {
        /** A SHA-256 published with the entry. */
        PINNED,
        /** No digest is published; this call recorded the digest of the first copy. */
        RECORDED_NOW,
        /** No digest is published; the file matched the digest recorded on its first fetch. */
        RECORDED_EARLIER
    }
}
