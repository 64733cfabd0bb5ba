package io.github.vov3d.zoo.fetch;

import io.github.vov3d.zoo.fetch.FetchException.Reason;
import io.github.vov3d.zoo.fetch.FetchResult.Origin;
import io.github.vov3d.zoo.fetch.FetchResult.Trust;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a weight file into the cache safely and returns the verified copy. Upstream users
 * download Dropbox links by hand without any checksum; this does it properly:
 * <ul>
 *   <li>HTTP(S) with redirects, connection and read timeouts, retries with exponential backoff,
 *       and resume of a partial download with {@code Range} (also across runs);</li>
 *   <li>{@code file:} URLs and local paths (a copy downloaded by hand, a mirror on a share);</li>
 *   <li>atomic installation: bytes go to a partial file, are flushed, verified, then renamed,
 *       so the cache never shows a half-written or unverified file;</li>
 *   <li>SHA-256 verification against the pinned digest, or, where none is published, against
 *       the digest recorded on first fetch (trust on first use, logged as such); a mismatch
 *       deletes the download and leaves nothing in the cache;</li>
 *   <li>a cross-process lock, so two JVMs (or threads) fetching the same file make one good
 *       copy;</li>
 *   <li>an offline mode that uses only the cache and local sources and says so.</li>
 * </ul>
 * Instances are immutable and thread-safe.
 */
public final class WeightFetcher {
    private static final Logger LOG = LoggerFactory.getLogger(WeightFetcher.class);

    private final FetchOptions options;

    /** @param options cache, offline mode, retries, timeouts, progress */
    public WeightFetcher(FetchOptions options) {
        this.options = options;
    }

    /** @return the options this fetcher uses */
    public FetchOptions options() {
        return options;
    }

    /**
     * @param request what to fetch
     * @return where it is in the cache, if a complete copy is there (not verified)
     */
    public Optional<Path> cached(FetchRequest request) {
        Path file = CacheLayout.of(options.cacheDir(), request).file();
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /**
     * @param request what to fetch
     * @return the digest recorded on first fetch, if any
     * @throws IOException if the record is unreadable or malformed
     */
    public Optional<String> recordedDigest(FetchRequest request) throws IOException {
        return DigestRecord.read(CacheLayout.of(options.cacheDir(), request).digest());
    }

    /**
     * Returns the cached copy after verifying it, or fetches, verifies and caches the file.
     *
     * @param request what to fetch
     * @return the verified file and how it got there
     * @throws FetchException for every failure with a reason (offline and absent, 404,
     *     persistent 5xx, checksum mismatch, lock timeout…)
     * @throws IOException if the cache itself cannot be written
     */
    @SuppressWarnings("try") // the lock is held for the block's duration, not used in it
    public FetchResult fetch(FetchRequest request) throws IOException {
        CacheLayout layout = CacheLayout.of(options.cacheDir(), request);
        String label = request.key() + "/" + request.fileName();
        if (options.offline() && !request.isLocal() && !Files.isRegularFile(layout.file())) {
            throw offlineMiss(request, layout);
        }
        try (ProcessFileLock lock = ProcessFileLock.acquire(layout.lock(), options.lockTimeout(), label)) {
            Files.createDirectories(layout.directory());
            Optional<String> recorded = DigestRecord.read(layout.digest());
            if (Files.isRegularFile(layout.file())) {
                FetchResult cached = verifyCached(request, layout, recorded);
                if (options.offline()) {
                    LOG.info("offline mode: using the cached {} ({})", label, layout.file());
                }
                return cached;
            }
            if (options.offline() && !request.isLocal()) {
                throw offlineMiss(request, layout);
            }
            Origin origin;
            if (request.isLocal()) {
                copyLocal(request, layout);
                origin = Origin.COPIED;
            } else {
                downloadWithRetries(request, layout, label);
                origin = Origin.DOWNLOADED;
            }
            return install(request, layout, recorded, origin, label);
        }
    }

    private FetchResult verifyCached(FetchRequest request, CacheLayout layout, Optional<String> recorded)
            throws IOException {
        String actual = Sha256.of(layout.file());
        Optional<String> expected = request.sha256().or(() -> recorded);
        if (expected.isEmpty()) {
            // a copy placed in the cache by hand, or a record lost: record it now
            DigestRecord.write(layout.digest(), actual, request.fileName());
            logTrustOnFirstUse(request, layout, actual);
            return new FetchResult(layout.file(), actual, Origin.CACHED, Trust.RECORDED_NOW);
        }
        if (!expected.get().equals(actual)) {
            throw new FetchException(Reason.CHECKSUM_MISMATCH, "the cached " + layout.file()
                    + " has SHA-256 " + actual + " but " + (request.sha256().isPresent()
                            ? "the published digest is " : "its first fetch recorded ")
                    + expected.get() + ": the file changed or is corrupt. Delete " + layout.directory()
                    + " and fetch it again");
        }
        if (request.sha256().isPresent() && recorded.isEmpty()) {
            DigestRecord.write(layout.digest(), actual, request.fileName());
        }
        return new FetchResult(layout.file(), actual, Origin.CACHED,
                request.sha256().isPresent() ? Trust.PINNED : Trust.RECORDED_EARLIER);
    }

    private FetchResult install(FetchRequest request, CacheLayout layout, Optional<String> recorded,
            Origin origin, String label) throws IOException {
        String actual = Sha256.of(layout.partial());
        Optional<String> expected = request.sha256().or(() -> recorded);
        if (expected.isPresent() && !expected.get().equals(actual)) {
            HttpTransfer.discardPartial(layout);
            throw new FetchException(Reason.CHECKSUM_MISMATCH, "SHA-256 of " + label + " from "
                    + request.source() + " is " + actual + " but " + (request.sha256().isPresent()
                            ? "the published digest is " : "its first fetch recorded ")
                    + expected.get() + ". The download was deleted and nothing was cached. The "
                    + "source may have changed or been tampered with; check the URL before retrying");
        }
        AtomicFiles.fsync(layout.partial());
        if (recorded.isEmpty()) {
            DigestRecord.write(layout.digest(), actual, request.fileName());
        }
        AtomicFiles.install(layout.partial(), layout.file());
        Files.deleteIfExists(layout.partialValidator());
        Trust trust;
        if (request.sha256().isPresent()) {
            trust = Trust.PINNED;
            LOG.info("{} verified against its published SHA-256 {}", label, actual);
        } else if (recorded.isPresent()) {
            trust = Trust.RECORDED_EARLIER;
            LOG.info("{} matches the SHA-256 recorded on its first fetch ({})", label, actual);
        } else {
            trust = Trust.RECORDED_NOW;
            logTrustOnFirstUse(request, layout, actual);
        }
        return new FetchResult(layout.file(), actual, origin, trust);
    }

    private static void logTrustOnFirstUse(FetchRequest request, CacheLayout layout, String actual) {
        LOG.warn("no SHA-256 is published for {}; recorded {} in {} on this first fetch (trust on "
                + "first use): later uses are verified against it", request.fileName(), actual,
                layout.digest());
    }

    private void copyLocal(FetchRequest request, CacheLayout layout) throws IOException {
        Path from;
        try {
            from = Path.of(request.source());
        } catch (IllegalArgumentException e) {
            throw new FetchException(Reason.SOURCE_UNREADABLE, "cannot use " + request.source()
                    + " as a local file: " + e.getMessage(), e);
        }
        try {
            Files.copy(from, layout.partial(), StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            throw new FetchException(Reason.SOURCE_UNREADABLE, "local source " + from
                    + " does not exist; check the path", e);
        } catch (IOException e) {
            HttpTransfer.discardPartial(layout);
            throw new FetchException(Reason.SOURCE_UNREADABLE, "cannot copy " + from + " into the cache: "
                    + e.getMessage(), e);
        }
    }

    private void downloadWithRetries(FetchRequest request, CacheLayout layout, String label)
            throws IOException {
        HttpTransfer transfer = new HttpTransfer(options);
        IOException last = null;
        for (int attempt = 1; attempt <= options.maxAttempts(); attempt++) {
            try {
                transfer.download(request.source(), layout, label);
                return;
            } catch (FetchException permanent) {
                throw permanent;
            } catch (IOException e) {
                last = e;
                if (attempt == options.maxAttempts()) {
                    break;
                }
                Duration wait = backoff(attempt);
                long have = Files.isRegularFile(layout.partial()) ? Files.size(layout.partial()) : 0;
                LOG.warn("attempt {} of {} to fetch {} failed: {}; retrying in {} ms{}", attempt,
                        options.maxAttempts(), label, e.toString(), wait.toMillis(),
                        have > 0 ? " (resuming at byte " + have + ")" : "");
                sleep(wait);
            }
        }
        Reason reason = last instanceof RetryableFetchException r ? r.reason() : Reason.NETWORK;
        throw new FetchException(reason, "could not fetch " + label + " from " + request.source()
                + " after " + options.maxAttempts() + " attempts; last error: " + last.getMessage()
                + ". The partial download is kept and the next fetch resumes it; if the network is "
                + "fine the server may be down, try later or fetch from a copy", last);
    }

    private Duration backoff(int failedAttempts) {
        long millis = options.initialBackoff().toMillis() << Math.min(failedAttempts - 1, 20);
        return Duration.ofMillis(Math.min(millis, options.maxBackoff().toMillis()));
    }

    private static void sleep(Duration d) throws InterruptedIOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry a download");
        }
    }

    private static FetchException offlineMiss(FetchRequest request, CacheLayout layout) {
        return new FetchException(Reason.OFFLINE_NOT_CACHED, "offline mode (" + FetchOptions.OFFLINE_VARIABLE
                + ", DJL_OFFLINE or FetchOptions.offline): " + request.fileName() + " is not in the cache at "
                + layout.file() + ". Fetch it once while online (vov3d zoo fetch " + request.key()
                + "), or download " + request.source() + " by hand and pass it as a local path");
    }
}
