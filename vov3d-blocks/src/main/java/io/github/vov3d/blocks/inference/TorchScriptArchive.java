package io.github.vov3d.blocks.inference;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a TorchScript archive (what {@code torch.jit.save} produces, and what DJL's PyTorch
 * engine loads) for a module that has no parameters and only a {@code forward} method, given as
 * TorchScript source. It exists so that the compiled network can call libtorch operators DJL's
 * NDArray API does not expose (oneDNN's fused linear kernels, in-place activations) without
 * shipping a binary file: the archive is generated from this source on the machine that uses it.
 *
 * <p>Layout: {@code <name>/version} (format 3), {@code <name>/byteorder}, {@code
 * <name>/constants.pkl} (an empty tuple), {@code <name>/code/__torch__.py} (the class) and
 * {@code <name>/data.pkl} (a pickle, protocol 2, of one {@code __torch__.<Class>} object whose
 * state is {@code {"training": False}}).
 *
 * @param className the module's class name (a Python identifier)
 * @param forward the {@code forward} method's TorchScript source, starting with {@code def
 *     forward(self, ...)}, indented by two spaces per level, without the class's own indentation
 */
record TorchScriptArchive(String className, String forward) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    TorchScriptArchive {
        if (!IDENTIFIER.matcher(className).matches()) {
            throw new IllegalArgumentException("not a Python identifier: " + className);
        }
        if (!forward.startsWith("def forward(self")) {
            throw new IllegalArgumentException("the source must define forward(self, ...)");
        }
    }

    /**
     * @param file where to write the archive (a {@code .pt} file)
     * @throws IOException if it cannot be written
     */
    void write(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            String root = className + "/";
            entry(zip, root + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
            entry(zip, root + "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            entry(zip, root + "constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
            entry(zip, root + "code/__torch__.py", classSource().getBytes(StandardCharsets.UTF_8));
            entry(zip, root + "data.pkl", moduleState());
        }
    }

    /** @return the class as TorchScript's serializer writes it: typed attributes, then forward */
    String classSource() {
        StringBuilder s = new StringBuilder();
        s.append("class ").append(className).append("(Module):\n");
        s.append("  __parameters__ = []\n");
        s.append("  __buffers__ = []\n");
        s.append("  training : bool\n");
        for (String line : forward.split("\n", -1)) {
            if (!line.isEmpty()) {
                s.append("  ").append(line);
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** The pickled module object: {@code __torch__.<Class>.__new__()} with its state set. */
    private byte[] moduleState() {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0x80); // PROTO 2
        p.write(2);
        p.writeBytes(("c__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII));
        p.write(')'); // EMPTY_TUPLE: no constructor arguments
        p.write(0x81); // NEWOBJ
        p.write('}'); // EMPTY_DICT: the state
        byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
        p.write('X'); // BINUNICODE, 4-byte little-endian length
        p.write(key.length);
        p.write(0);
        p.write(0);
        p.write(0);
        p.writeBytes(key);
        p.write(0x89); // NEWFALSE: an inference module
        p.write('s'); // SETITEM
        p.write('b'); // BUILD
        p.write('.'); // STOP
        return p.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }
}
