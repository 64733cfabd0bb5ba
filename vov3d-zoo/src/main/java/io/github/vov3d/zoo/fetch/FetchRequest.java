package io.github.vov3d.zoo.fetch;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One file to fetch: where it comes from, the name it gets in the cache, and its SHA-256 when
 * one is published. Without a pinned digest the fetcher records the digest of the first copy
 * and holds every later use to it (trust on first use).
 *
 * @param key the cache folder for this file, e.g. a model-zoo entry name; letters, digits,
 *     {@code . _ -} only, so it is always a single safe path element
 * @param source {@code http(s):} or {@code file:} URL
 * @param fileName the file name in the cache (a single path element)
 * @param sha256 the expected SHA-256 in lower-case hex, if published
 */
public record FetchRequest(String key, URI source, String fileName, Optional<String> sha256) {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /** Validates every part, so a bad catalogue entry fails when it is built, not mid-download. */
    public FetchRequest {
        if (key == null || !SAFE.matcher(key).matches()) {
            throw new IllegalArgumentException("cache key must be 1-128 letters, digits, '.', '_' "
                    + "or '-', got '" + key + "'");
        }
        if (fileName == null || !SAFE.matcher(fileName).matches()) {
            throw new IllegalArgumentException("file name must be a single path element of letters, "
                    + "digits, '.', '_' or '-', got '" + fileName + "'");
        }
        String scheme = source == null ? null : source.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")
                || scheme.equalsIgnoreCase("file"))) {
            throw new IllegalArgumentException("source must be an http(s): or file: URL, got " + source);
        }
        sha256 = sha256.map(s -> s.trim().toLowerCase(Locale.ROOT));
        if (sha256.isPresent() && !HEX64.matcher(sha256.get()).matches()) {
            throw new IllegalArgumentException("SHA-256 must be 64 hex digits, got '" + sha256.get() + "'");
        }
    }

    /**
     * @param key the cache folder
     * @param location an {@code http(s):} or {@code file:} URL, or a local path
     * @param fileName the file name in the cache
     * @param sha256 the expected SHA-256, or {@code null} for trust on first use
     * @return the request
     */
    public static FetchRequest of(String key, String location, String fileName, String sha256) {
        return new FetchRequest(key, toUri(location), fileName, Optional.ofNullable(sha256));
    }

    /**
     * @param location a URL with a scheme, or a local path
     * @return the URL; local paths become absolute {@code file:} URLs
     */
    public static URI toUri(String location) {
        String l = location.trim();
        if (l.regionMatches(true, 0, "http://", 0, 7) || l.regionMatches(true, 0, "https://", 0, 8)
                || l.regionMatches(true, 0, "file:", 0, 5)) {
            return URI.create(l);
        }
        return Path.of(l).toAbsolutePath().normalize().toUri();
    }

    /** @return whether the source is a local file rather than a network URL */
    public boolean isLocal() {
        return source.getScheme().equalsIgnoreCase("file");
    }

    /**
     * @param other another source for the same file (a mirror, or a copy downloaded by hand)
     * @return this request with that source; key, name and digest are kept
     */
    public FetchRequest withSource(URI other) {
        return new FetchRequest(key, other, fileName, sha256);
    }
}
