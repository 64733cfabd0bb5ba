package io.github.vov3d.zoo.repository;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Serves one file at {@code /w/checkpoint.pth} on 127.0.0.1 and counts the requests; 404 elsewhere. */
final class GoldenServer implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    GoldenServer(Path file) throws IOException {
        byte[] payload = Files.readAllBytes(file);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", x -> {
            try (x) {
                if (!x.getRequestURI().getPath().equals("/w/checkpoint.pth")) {
                    x.sendResponseHeaders(404, -1);
                    return;
                }
                requests.incrementAndGet();
                x.sendResponseHeaders(200, payload.length);
                try (OutputStream out = x.getResponseBody()) {
                    out.write(payload);
                }
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/w/checkpoint.pth";
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
