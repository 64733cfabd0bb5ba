package io.github.vov3d.zoo.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A weight server on 127.0.0.1 (the JDK's {@link HttpServer}) that serves one file and can
 * misbehave on purpose. Paths:
 * <ul>
 *   <li>{@code /w/FILE} the file, with ETag, {@code Range} and {@code If-Range} support;</li>
 *   <li>{@code /slow/FILE} the same, throttled so that a download takes about two seconds;</li>
 *   <li>{@code /redirect/FILE} 302 → {@code /moved/FILE} 301 → {@code /w/FILE};</li>
 *   <li>{@code /cut/FILE} the first full request is cut after half the bytes, later ones work;</li>
 *   <li>{@code /missing/FILE} 404, {@code /broken/FILE} 500.</li>
 * </ul>
 * Counts requests per first path segment, the {@code Range} headers seen and the body bytes sent.
 */
final class WeightServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");
    static final String ETAG = "\"golden-v1\"";

    private final byte[] payload;
    private final HttpServer server;
    private final ConcurrentHashMap<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicInteger cutsLeft = new AtomicInteger(1);

    WeightServer(Path file) throws IOException {
        this.payload = Files.readAllBytes(file);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    URI uri(String kind, String file) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + kind + "/" + file);
    }

    int requests(String kind) {
        AtomicInteger n = requests.get(kind);
        return n == null ? 0 : n.get();
    }

    List<String> ranges() {
        return List.copyOf(ranges);
    }

    long bytesSent() {
        return bytesSent.get();
    }

    int size() {
        return payload.length;
    }

    private void handle(HttpExchange x) throws IOException {
        String[] parts = x.getRequestURI().getPath().split("/");
        String kind = parts.length > 1 ? parts[1] : "";
        String file = parts.length > 2 ? parts[2] : "";
        requests.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        try (x) {
            switch (kind) {
                case "w" -> serve(x, false, false);
                case "slow" -> serve(x, true, false);
                case "cut" -> serve(x, false, true);
                case "redirect" -> redirect(x, 302, "/moved/" + file);
                case "moved" -> redirect(x, 301, "/w/" + file);
                case "broken" -> x.sendResponseHeaders(500, -1);
                default -> x.sendResponseHeaders(404, -1);
            }
        }
    }

    private static void redirect(HttpExchange x, int code, String location) throws IOException {
        x.getResponseHeaders().set("Location", location);
        x.sendResponseHeaders(code, -1);
    }

    private void serve(HttpExchange x, boolean slow, boolean cut) throws IOException {
        int start = 0;
        String range = x.getRequestHeaders().getFirst("Range");
        String ifRange = x.getRequestHeaders().getFirst("If-Range");
        if (range != null) {
            ranges.add(range);
            Matcher m = RANGE.matcher(range);
            if (m.matches() && (ifRange == null || ifRange.equals(ETAG))) {
                start = Integer.parseInt(m.group(1));
            }
        }
        x.getResponseHeaders().set("ETag", ETAG);
        x.getResponseHeaders().set("Accept-Ranges", "bytes");
        if (start >= payload.length) {
            x.getResponseHeaders().set("Content-Range", "bytes */" + payload.length);
            x.sendResponseHeaders(416, -1);
            return;
        }
        int length = payload.length - start;
        if (start > 0) {
            x.getResponseHeaders().set("Content-Range",
                    "bytes " + start + "-" + (payload.length - 1) + "/" + payload.length);
            x.sendResponseHeaders(206, length);
        } else {
            x.sendResponseHeaders(200, length);
        }
        boolean cutThisOne = cut && start == 0 && cutsLeft.getAndDecrement() > 0;
        int end = cutThisOne ? payload.length / 2 : payload.length;
        OutputStream out = x.getResponseBody();
        int chunk = 1 << 16;
        int chunks = (end - start + chunk - 1) / chunk;
        for (int pos = start; pos < end; pos += chunk) {
            int n = Math.min(chunk, end - pos);
            out.write(payload, pos, n);
            bytesSent.addAndGet(n);
            if (slow) {
                sleep(Math.max(1, 2000 / Math.max(1, chunks)));
            }
        }
        out.flush();
        if (cutThisOne) {
            // drop the connection mid-body: the handler fails and the server closes the socket
            throw new IOException("test server cuts the connection after " + end + " bytes");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
