package io.github.vov3d.zoo.fetch;

import ai.djl.util.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP(S) attempt at filling a partial file: follows redirects (also from http to https,
 * which the JDK will not do by itself), resumes from the partial file's length with
 * {@code Range} and, when the server gave one before, {@code If-Range}, and appends what comes
 * back. A server that ignores the range gets the file rewritten from the start; one that
 * answers a different range is refused. Timeouts bound the connection and every read.
 */
final class HttpTransfer {
    private static final Logger LOG = LoggerFactory.getLogger(HttpTransfer.class);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final FetchOptions options;

    HttpTransfer(FetchOptions options) {
        this.options = options;
    }

    /**
     * @param source the URL
     * @param layout where the partial file and its validator live
     * @param label what is downloaded, for progress and messages
     * @throws FetchException for failures retrying cannot fix
     * @throws RetryableFetchException or another {@link IOException} for ones it may
     */
    void download(URI source, CacheLayout layout, String label) throws IOException {
        Path part = layout.partial();
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        Optional<String> validator = have > 0 ? readValidator(layout) : Optional.empty();
        URI current = source;
        for (int hop = 0; ; hop++) {
            HttpURLConnection c = open(current, have, validator);
            try {
                int code = c.getResponseCode();
                if (isRedirect(code)) {
                    String location = c.getHeaderField("Location");
                    if (location == null || hop >= options.maxRedirects()) {
                        throw new FetchException(FetchException.Reason.HTTP_ERROR, (location == null
                                ? "redirect " + code + " without a Location header"
                                : "more than " + options.maxRedirects() + " redirects") + " from "
                                + current + " while fetching " + label + " (started at " + source + ")");
                    }
                    URI next = current.resolve(location.trim());
                    LOG.debug("{} redirected ({}) to {}", current, code, next);
                    current = next;
                    continue;
                }
                receive(c, code, current, source, layout, have, label);
                return;
            } finally {
                c.disconnect();
            }
        }
    }

    private HttpURLConnection open(URI uri, long have, Optional<String> validator) throws IOException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FetchException(FetchException.Reason.HTTP_ERROR,
                    "refusing to follow a redirect to " + uri + ": only http(s) is allowed");
        }
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setInstanceFollowRedirects(false);
        c.setConnectTimeout(Math.toIntExact(Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis())));
        c.setReadTimeout(Math.toIntExact(Math.min(Integer.MAX_VALUE, options.readTimeout().toMillis())));
        c.setRequestProperty("User-Agent", "vov3d-zoo");
        c.setRequestProperty("Accept-Encoding", "identity");
        if (have > 0) {
            c.setRequestProperty("Range", "bytes=" + have + "-");
            validator.ifPresent(v -> c.setRequestProperty("If-Range", v));
        }
        return c;
    }

    private static boolean isRedirect(int code) {
        return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    }

    private void receive(HttpURLConnection c, int code, URI at, URI source, CacheLayout layout,
            long have, String label) throws IOException {
        String where = at.equals(source) ? at.toString() : at + " (redirected from " + source + ")";
        if (code == 404 || code == 410) {
            throw new FetchException(FetchException.Reason.NOT_FOUND, "HTTP " + code + " for " + label
                    + " at " + where + ": the file is not there (dead or moved link). Check the entry's "
                    + "source URL, or fetch the file from a copy with a local path or file: URL");
        }
        if (code == 416 && have > 0) {
            discardPartial(layout);
            throw new RetryableFetchException(FetchException.Reason.SERVER_ERROR, "server refused to "
                    + "resume " + label + " at byte " + have + " (416); restarting from the beginning");
        }
        if (code >= 500 || code == 429 || code == 408) {
            throw new RetryableFetchException(FetchException.Reason.SERVER_ERROR, "HTTP " + code + " "
                    + nullToEmpty(c.getResponseMessage()) + " for " + label + " at " + where);
        }
        if (code != 200 && code != 206) {
            throw new FetchException(FetchException.Reason.HTTP_ERROR, "HTTP " + code + " "
                    + nullToEmpty(c.getResponseMessage()) + " for " + label + " at " + where
                    + ": retrying will not help; check the URL and any proxy settings");
        }
        long start = 0;
        long total = -1;
        if (code == 206) {
            Matcher m = CONTENT_RANGE.matcher(nullToEmpty(c.getHeaderField("Content-Range")));
            if (!m.matches() || Long.parseLong(m.group(1)) != have) {
                discardPartial(layout);
                throw new RetryableFetchException(FetchException.Reason.SERVER_ERROR, "server answered "
                        + "range '" + c.getHeaderField("Content-Range") + "' for a resume at byte " + have
                        + " of " + label + "; restarting from the beginning");
            }
            start = have;
            total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
            LOG.info("resuming {} at byte {}", label, have);
        } else {
            long length = c.getContentLengthLong();
            total = length;
            if (have > 0) {
                LOG.info("server did not resume {}; downloading it again from the start", label);
            }
        }
        writeValidator(layout, c);
        copy(c, layout.partial(), start, total, label);
    }

    private void copy(HttpURLConnection c, Path part, long start, long total, String label)
            throws IOException {
        Optional<Progress> progress = options.progress();
        progress.ifPresent(p -> {
            p.reset("Downloading " + label, total > 0 ? total : 1);
            p.start(start);
        });
        long written = start;
        try (InputStream in = c.getInputStream();
                FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            out.truncate(start);
            out.position(start);
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
                while (b.hasRemaining()) {
                    out.write(b);
                }
                written += n;
                long now = written;
                progress.ifPresent(p -> p.update(Math.min(now, total > 0 ? total : now)));
            }
            out.force(true);
        } finally {
            progress.ifPresent(Progress::end);
        }
        if (total >= 0 && written < total) {
            throw new RetryableFetchException(FetchException.Reason.NETWORK, "connection closed after "
                    + written + " of " + total + " bytes of " + label + "; will resume");
        }
        if (total >= 0 && written > total) {
            throw new FetchException(FetchException.Reason.HTTP_ERROR, "server sent " + written
                    + " bytes of " + label + " but announced " + total);
        }
    }

    private static Optional<String> readValidator(CacheLayout layout) throws IOException {
        Path v = layout.partialValidator();
        return Files.isRegularFile(v)
                ? Optional.of(Files.readString(v, StandardCharsets.UTF_8).trim()).filter(s -> !s.isEmpty())
                : Optional.empty();
    }

    private static void writeValidator(CacheLayout layout, HttpURLConnection c) throws IOException {
        String etag = c.getHeaderField("ETag");
        String validator = etag != null && !etag.startsWith("W/") ? etag : c.getHeaderField("Last-Modified");
        if (validator != null) {
            AtomicFiles.writeString(layout.partialValidator(), validator);
        } else {
            Files.deleteIfExists(layout.partialValidator());
        }
    }

    static void discardPartial(CacheLayout layout) throws IOException {
        Files.deleteIfExists(layout.partial());
        Files.deleteIfExists(layout.partialValidator());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
