package io.github.vov3d.zoo.fetch;

import ai.djl.util.Progress;
import ai.djl.util.Utils;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How weights are fetched and where they are kept. The defaults suit an interactive user: the
 * cache lives under DJL's cache directory ({@code DJL_CACHE_DIR}, else {@code ~/.djl.ai}) in
 * {@code vov3d-zoo/}, unless {@code VOV3D_ZOO_CACHE} (environment or system property) names
 * another folder; offline mode follows {@code VOV3D_ZOO_OFFLINE} or DJL's own offline switch
 * ({@code DJL_OFFLINE} / {@code ai.djl.offline}), so a machine told "no network" for DJL gets no
 * network from the zoo either.
 *
 * @param cacheDir the cache root
 * @param offline use only the cache and local sources
 * @param maxAttempts attempts per download (first try included) before giving up
 * @param initialBackoff wait after the first failure; doubled after each further one
 * @param maxBackoff the longest wait between attempts
 * @param connectTimeout limit for opening a connection
 * @param readTimeout limit for a stalled read (no byte for this long)
 * @param lockTimeout how long to wait for another process fetching the same file
 * @param maxRedirects how many HTTP redirects to follow
 * @param progress where to report download progress, if anywhere
 */
public record FetchOptions(
        Path cacheDir,
        boolean offline,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration connectTimeout,
        Duration readTimeout,
        Duration lockTimeout,
        int maxRedirects,
        Optional<Progress> progress) {

    /** Environment variable or system property naming the cache root. */
    public static final String CACHE_VARIABLE = "VOV3D_ZOO_CACHE";
    /** Environment variable or system property switching offline mode on ({@code true}). */
    public static final String OFFLINE_VARIABLE = "VOV3D_ZOO_OFFLINE";

    /** Validates the limits. */
    public FetchOptions {
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(progress, "progress");
        if (maxAttempts < 1 || maxRedirects < 0) {
            throw new IllegalArgumentException("need at least one attempt and no negative redirect limit");
        }
        for (Duration d : new Duration[] {initialBackoff, maxBackoff, connectTimeout, readTimeout, lockTimeout}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("durations must be zero or positive, got " + d);
            }
        }
        if (connectTimeout.isZero() || readTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive: a zero timeout waits forever");
        }
    }

    /** @return the defaults described above */
    public static FetchOptions defaults() {
        return builder().build();
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from these options */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** @return the cache root used when none is given: see the class comment */
    public static Path defaultCacheDir() {
        String configured = Utils.getEnvOrSystemProperty(CACHE_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Utils.getCacheDir().resolve("vov3d-zoo");
    }

    /** @return whether the environment asks for offline mode: see the class comment */
    public static boolean defaultOffline() {
        String own = Utils.getEnvOrSystemProperty(OFFLINE_VARIABLE);
        if (own != null && !own.isBlank()) {
            return Boolean.parseBoolean(own.trim().toLowerCase(Locale.ROOT));
        }
        return Utils.isOfflineMode();
    }

    /** Fluent, validated construction of {@link FetchOptions}. */
    public static final class Builder {
        private Path cacheDir;
        private Boolean offline;
        private int maxAttempts = 5;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(20);
        private Duration readTimeout = Duration.ofSeconds(60);
        private Duration lockTimeout = Duration.ofMinutes(30);
        private int maxRedirects = 10;
        private Progress progress;

        private Builder() {}

        private Builder(FetchOptions o) {
            cacheDir = o.cacheDir;
            offline = o.offline;
            maxAttempts = o.maxAttempts;
            initialBackoff = o.initialBackoff;
            maxBackoff = o.maxBackoff;
            connectTimeout = o.connectTimeout;
            readTimeout = o.readTimeout;
            lockTimeout = o.lockTimeout;
            maxRedirects = o.maxRedirects;
            progress = o.progress.orElse(null);
        }

        /** @param dir the cache root @return this */
        public Builder cacheDir(Path dir) {
            this.cacheDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** @param value use only the cache and local sources @return this */
        public Builder offline(boolean value) {
            this.offline = value;
            return this;
        }

        /** @param n attempts per download, at least 1 @return this */
        public Builder maxAttempts(int n) {
            this.maxAttempts = n;
            return this;
        }

        /** @param first wait after the first failure @param max longest wait @return this */
        public Builder backoff(Duration first, Duration max) {
            this.initialBackoff = first;
            this.maxBackoff = max;
            return this;
        }

        /** @param connect connection limit @param read stalled-read limit @return this */
        public Builder timeouts(Duration connect, Duration read) {
            this.connectTimeout = connect;
            this.readTimeout = read;
            return this;
        }

        /** @param wait how long to wait for another process's lock @return this */
        public Builder lockTimeout(Duration wait) {
            this.lockTimeout = wait;
            return this;
        }

        /** @param n redirects to follow @return this */
        public Builder maxRedirects(int n) {
            this.maxRedirects = n;
            return this;
        }

        /** @param p progress sink, or {@code null} for none @return this */
        public Builder progress(Progress p) {
            this.progress = p;
            return this;
        }

        /** @return the options @throws IllegalArgumentException if a limit is invalid */
        public FetchOptions build() {
            return new FetchOptions(cacheDir != null ? cacheDir : defaultCacheDir(),
                    offline != null ? offline : defaultOffline(), maxAttempts, initialBackoff,
                    maxBackoff, connectTimeout, readTimeout, lockTimeout, maxRedirects,
                    Optional.ofNullable(progress));
        }
    }
}
