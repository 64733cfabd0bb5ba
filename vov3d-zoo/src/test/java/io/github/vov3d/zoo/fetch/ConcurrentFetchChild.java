package io.github.vov3d.zoo.fetch;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The second process of the two-process fetch test: fetches one URL into a cache folder and
 * prints {@code RESULT <origin> <sha256>}. Arguments: cache folder, URL, cache key.
 */
public final class ConcurrentFetchChild {
    private ConcurrentFetchChild() {}

    /** @param args cache folder, URL, key @throws Exception on any failure (exit status 1) */
    public static void main(String[] args) throws Exception {
        FetchOptions options = FetchOptions.builder().cacheDir(Path.of(args[0])).offline(false)
                .maxAttempts(2).backoff(Duration.ofMillis(10), Duration.ofMillis(10))
                .lockTimeout(Duration.ofSeconds(60)).build();
        FetchResult r = new WeightFetcher(options).fetch(FetchRequest.of(args[2], args[1], "weights.pth", null));
        System.out.println("RESULT " + r.origin() + " " + r.sha256());
    }
}
