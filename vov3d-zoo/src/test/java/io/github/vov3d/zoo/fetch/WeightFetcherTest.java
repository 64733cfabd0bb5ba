package io.github.vov3d.zoo.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vov3d.zoo.fetch.FetchException.Reason;
import io.github.vov3d.zoo.fetch.FetchResult.Origin;
import io.github.vov3d.zoo.fetch.FetchResult.Trust;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetcher against a local server that serves the golden checkpoint and misbehaves on
 * purpose: every path of the list, on 127.0.0.1 only.
 */
class WeightFetcherTest {
    private static final String FILE = "weights.pth";

    @TempDir
    Path cache;

    private WeightServer server;

    @BeforeEach
    void start() throws IOException {
        server = new WeightServer(GoldenWeights.checkpoint());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private WeightFetcher fetcher(boolean offline) {
        return new WeightFetcher(FetchOptions.builder().cacheDir(cache).offline(offline).maxAttempts(3)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(40))
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)).build());
    }

    private FetchRequest request(String kind, String sha256) {
        return new FetchRequest("golden", server.uri(kind, FILE), FILE, Optional.ofNullable(sha256));
    }

    private List<Path> filesIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void plainDownloadRecordsTheDigestAndLaterUsesAreVerified() throws IOException {
        FetchResult first = fetcher(false).fetch(request("w", null));
        assertEquals(Origin.DOWNLOADED, first.origin());
        assertEquals(Trust.RECORDED_NOW, first.trust());
        assertEquals(GoldenWeights.manifestSha256(), first.sha256());
        assertEquals(GoldenWeights.manifestSha256(), Sha256.of(first.file()));
        CacheLayout layout = CacheLayout.of(cache, request("w", null));
        assertEquals(layout.file(), first.file());
        assertTrue(Files.readString(layout.digest()).startsWith(first.sha256() + "  " + FILE));
        assertFalse(Files.exists(layout.partial()), "no partial file left");

        FetchResult second = fetcher(false).fetch(request("w", null));
        assertEquals(Origin.CACHED, second.origin());
        assertEquals(Trust.RECORDED_EARLIER, second.trust());
        assertEquals(1, server.requests("w"), "the cached copy is used without a request");
    }

    @Test
    void pinnedDigestIsChecked() throws IOException {
        FetchResult r = fetcher(false).fetch(request("w", GoldenWeights.manifestSha256()));
        assertEquals(Trust.PINNED, r.trust());
    }

    @Test
    void redirectsAreFollowed() throws IOException {
        FetchResult r = fetcher(false).fetch(request("redirect", null));
        assertEquals(GoldenWeights.manifestSha256(), r.sha256());
        assertEquals(1, server.requests("redirect"));
        assertEquals(1, server.requests("moved"));
        assertEquals(1, server.requests("w"));
    }

    @Test
    void connectionCutHalfWayIsResumedWithRange() throws IOException {
        FetchResult r = fetcher(false).fetch(request("cut", GoldenWeights.manifestSha256()));
        assertEquals(Origin.DOWNLOADED, r.origin());
        assertEquals(2, server.requests("cut"), "one cut attempt and one resumed attempt");
        assertEquals(1, server.ranges().size(), "the second attempt asked for a range");
        long resumedAt = Long.parseLong(server.ranges().get(0).replaceAll("\\D", ""));
        assertTrue(resumedAt > 0 && resumedAt <= server.size() / 2, "resumed at " + resumedAt);
        assertTrue(server.bytesSent() < server.size() * 3L / 2, "bytes sent " + server.bytesSent()
                + ": the resume must not download the whole file again");
    }

    @Test
    void wrongChecksumFailsAndLeavesNothingInTheCache() throws IOException {
        FetchRequest wrong = request("w", "0".repeat(64));
        FetchException e = assertThrows(FetchException.class, () -> fetcher(false).fetch(wrong));
        assertEquals(Reason.CHECKSUM_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains(GoldenWeights.manifestSha256()) && e.getMessage().contains("nothing was cached"),
                e.getMessage());
        assertEquals(List.of(), filesIn(CacheLayout.of(cache, wrong).directory()));
    }

    @Test
    void notFoundIsAClearErrorWithoutRetries() {
        FetchException e = assertThrows(FetchException.class, () -> fetcher(false).fetch(request("missing", null)));
        assertEquals(Reason.NOT_FOUND, e.reason());
        assertTrue(e.getMessage().contains("404") && e.getMessage().contains("/missing/" + FILE), e.getMessage());
        assertEquals(1, server.requests("missing"));
    }

    @Test
    void serverErrorIsRetriedThenAClearError() {
        FetchException e = assertThrows(FetchException.class, () -> fetcher(false).fetch(request("broken", null)));
        assertEquals(Reason.SERVER_ERROR, e.reason());
        assertTrue(e.getMessage().contains("500") && e.getMessage().contains("3 attempts"), e.getMessage());
        assertEquals(3, server.requests("broken"));
    }

    @Test
    void twoThreadsFetchingAtOnceDownloadOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<FetchResult>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                results.add(pool.submit(() -> fetcher(false).fetch(request("slow", null))));
            }
            FetchResult a = results.get(0).get(60, TimeUnit.SECONDS);
            FetchResult b = results.get(1).get(60, TimeUnit.SECONDS);
            assertEquals(1, server.requests("slow"), "one download");
            assertEquals(a.file(), b.file());
            assertEquals(GoldenWeights.manifestSha256(), Sha256.of(a.file()));
            assertTrue(a.origin() == Origin.CACHED ^ b.origin() == Origin.CACHED, a.origin() + " " + b.origin());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoProcessesFetchingAtOnceDownloadOnce() throws Exception {
        URI url = server.uri("slow", FILE);
        Process child = new ProcessBuilder(javaCommand(), "-cp", childClassPath(),
                ConcurrentFetchChild.class.getName(), cache.toString(), url.toString(), "golden")
                .redirectErrorStream(true).start();
        FetchResult mine = fetcher(false).fetch(request("slow", null));
        assertTrue(child.waitFor(90, TimeUnit.SECONDS), "child process hangs");
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("RESULT ") && output.contains(GoldenWeights.manifestSha256()), output);
        assertEquals(1, server.requests("slow"), "one download for two processes; child said: " + output);
        assertEquals(GoldenWeights.manifestSha256(), Sha256.of(mine.file()));
        assertEquals(List.of(mine.file(), CacheLayout.of(cache, request("slow", null)).digest()).size(),
                filesIn(mine.file().getParent()).size(), "only the file and its digest record remain");
    }

    @Test
    void offlineModeUsesTheCacheAndSaysSoWhenItCannot() throws IOException {
        FetchException e = assertThrows(FetchException.class, () -> fetcher(true).fetch(request("w", null)));
        assertEquals(Reason.OFFLINE_NOT_CACHED, e.reason());
        assertTrue(e.getMessage().startsWith("offline mode") && e.getMessage().contains(FILE), e.getMessage());
        assertEquals(0, server.requests("w"), "offline mode made a request");

        fetcher(false).fetch(request("w", null));
        FetchResult offline = fetcher(true).fetch(request("w", null));
        assertEquals(Origin.CACHED, offline.origin());
        assertEquals(1, server.requests("w"));
    }

    @Test
    void localPathsAndFileUrlsAreCopiedAlsoOffline() throws IOException {
        Path golden = GoldenWeights.checkpoint();
        FetchResult fromPath = fetcher(true).fetch(FetchRequest.of("by-path", golden.toString(), FILE, null));
        assertEquals(Origin.COPIED, fromPath.origin());
        FetchResult fromUrl = fetcher(true).fetch(FetchRequest.of("by-url", golden.toUri().toString(), FILE,
                GoldenWeights.manifestSha256()));
        assertEquals(Trust.PINNED, fromUrl.trust());
        assertEquals(fromPath.sha256(), fromUrl.sha256());
        FetchException missing = assertThrows(FetchException.class, () -> fetcher(false).fetch(
                FetchRequest.of("none", cache.resolve("absent.pth").toString(), FILE, null)));
        assertEquals(Reason.SOURCE_UNREADABLE, missing.reason());
    }

    @Test
    void aCachedFileThatChangedAfterItsFirstFetchIsRefused() throws IOException {
        FetchResult r = fetcher(false).fetch(request("w", null));
        Files.write(r.file(), new byte[] {1, 2, 3});
        FetchException e = assertThrows(FetchException.class, () -> fetcher(false).fetch(request("w", null)));
        assertEquals(Reason.CHECKSUM_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("first fetch recorded"), e.getMessage());
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String childClassPath() throws Exception {
        List<String> entries = new ArrayList<>();
        entries.add(Path.of(ConcurrentFetchChild.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString());
        for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                entries.addAll(List.of(value.split(File.pathSeparator)));
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
