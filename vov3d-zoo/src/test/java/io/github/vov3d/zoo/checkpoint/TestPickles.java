package io.github.vov3d.zoo.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Hand-written pickles and archives for tests of malformed and malicious input. */
final class TestPickles {
    private TestPickles() {}

    /**
     * @param parts opcodes and arguments: an {@link Integer} is one byte, a {@link String} its
     *     Latin-1 bytes, a {@code byte[]} itself
     * @return the concatenation
     */
    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof Integer b) {
                out.write(b);
            } else if (part instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            } else {
                out.writeBytes((byte[]) part);
            }
        }
        return out.toByteArray();
    }

    /** @return a BINUNICODE opcode with its argument */
    static byte[] str(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return bytes((int) 'X', utf8.length & 0xFF, utf8.length >> 8 & 0xFF, 0, 0, utf8);
    }

    /** @return {@code GLOBAL module name} followed by a call of it with one string */
    static byte[] callWithString(String module, String name, String argument) {
        return bytes(0x80, 2, "c" + module + "\n" + name + "\n", str(argument), 0x85, (int) 'R',
                (int) '.');
    }

    /** Writes a zip whose entries are given in order. */
    static void zip(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(raw)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }
}
