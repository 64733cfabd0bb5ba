package io.github.vov3d.zoo.fetch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The digest a file had when it was first fetched, kept beside it in {@code sha256sum} format
 * ({@code <hex>  <name>}) so that a user can check it by hand. For weights published without a
 * checksum this is what later uses are verified against (trust on first use): a cached file
 * that changes afterwards is refused rather than silently trusted.
 */
final class DigestRecord {
    private static final Pattern LINE = Pattern.compile("^([0-9a-f]{64})\\s+\\*?(.+)$");

    private DigestRecord() {}

    /** @return the recorded digest, if a well-formed record exists */
    static Optional<String> read(Path record) throws IOException {
        if (!Files.isRegularFile(record)) {
            return Optional.empty();
        }
        String text = Files.readString(record, StandardCharsets.UTF_8).trim();
        Matcher m = LINE.matcher(text);
        if (!m.matches()) {
            throw new IOException("digest record " + record + " is malformed (expected '<sha256>  <file>'); "
                    + "delete it and the file beside it to fetch again");
        }
        return Optional.of(m.group(1));
    }

    /** Records a digest durably. */
    static void write(Path record, String sha256, String fileName) throws IOException {
        AtomicFiles.writeString(record, sha256 + "  " + fileName + "\n");
    }
}
