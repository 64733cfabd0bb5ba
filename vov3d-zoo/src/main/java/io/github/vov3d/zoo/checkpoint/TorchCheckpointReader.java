package io.github.vov3d.zoo.checkpoint;

import io.github.vov3d.api.CheckpointException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads {@code torch.save} checkpoints (the zip format of PyTorch ≥ 1.6) without Python and
 * without executing anything from the file. The archive's single top-level folder (named
 * {@code archive} or after the file it was first saved as, so never assumed) holds
 * {@code data.pkl}, a pickle describing the objects, and {@code data/<key>} entries with the
 * raw little-endian tensor storages. The pickle is run by a {@link PickleReader} restricted to
 * the globals a state dict needs, every storage is checked against its declared size, and the
 * result is read as a PySlowFast checkpoint or a bare state dict ({@link PySlowFastCheckpoint}).
 *
 * <p>Values other than tensors (in {@link PySlowFastCheckpoint#extras()} and optimizer fields)
 * become immutable plain Java values: {@code None} → {@code null}, {@code bool} →
 * {@link Boolean}, {@code int} → {@link Long} (or {@link java.math.BigInteger}), {@code float}
 * → {@link Double}, {@code str} → {@link String}, {@code bytes} → read-only
 * {@link java.nio.ByteBuffer}, tuples and lists → {@link List}, dicts → {@link java.util.Map},
 * sets → {@link java.util.Set}.
 *
 * <p>Every problem is a {@link CheckpointException} naming the file and saying what to do:
 * missing, empty, not a zip (legacy or foreign formats), truncated or corrupt archives, missing
 * or short storages, and pickles naming non-allow-listed globals (an
 * {@link io.github.vov3d.api.UnsafeCheckpointException}).
 */
public final class TorchCheckpointReader {
    /** The largest {@code data.pkl} accepted (the pickle of a huge model is a few MiB). */
    public static final int MAX_PICKLE_BYTES = 256 << 20;

    private static final String PICKLE = "data.pkl";

    private TorchCheckpointReader() {}

    /**
     * @param file a {@code torch.save} checkpoint
     * @return its contents, with every storage read into memory
     * @throws CheckpointException if the file is missing, unreadable, unsafe or not a
     *     PySlowFast checkpoint or state dict
     */
    public static PySlowFastCheckpoint read(Path file) throws CheckpointException {
        String source = file.toString();
        checkFormat(file, source);
        try (ZipFile zip = open(file, source)) {
            String root = root(zip, source);
            ByteOrder order = byteOrder(zip, root, source);
            byte[] pickle = entry(zip, root + "/" + PICKLE, source);
            StorageLoader storages = new StorageLoader(zip, root, order, source);
            Object value = new PickleReader(source, TorchGlobals.allowList(source), storages)
                    .read(pickle);
            return CheckpointLayout.interpret(value, source);
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // a safety net: whatever slipped past the checks above is still a bad file
            throw new CheckpointException(source + ": cannot read the archive (" + e
                    + "); it is corrupt, download it again", e);
        }
    }

    private static void checkFormat(Path file, String source) throws CheckpointException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(512);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("checkpoint " + source + " not found", e);
        } catch (IOException e) {
            throw new CheckpointException("cannot read checkpoint " + source + ": "
                    + (Files.isDirectory(file) ? "it is a directory" : e.toString()), e);
        }
        if (head.length == 0) {
            throw new CheckpointException(source + ": the file is empty (0 bytes); the download "
                    + "or save was interrupted, download it again");
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return;
        }
        boolean legacyPickle = (head[0] & 0xFF) == 0x80 && head.length > 1 && head[1] <= 5;
        boolean tar = head.length >= 262
                && "ustar".equals(new String(head, 257, 5, StandardCharsets.US_ASCII));
        throw new CheckpointException(source + ": not a PyTorch zip checkpoint (torch.save with "
                + "_use_new_zipfile_serialization)"
                + (legacyPickle || tar ? "; it looks like a legacy " + (tar ? "tar" : "pickle")
                        + " checkpoint, which is not supported — re-save it with torch ≥ 1.6 "
                        + "(torch.save(torch.load(path), path))"
                        : "; the file starts with " + hex(head) + ", so it is another format "
                        + "or damaged — download it again"));
    }

    private static ZipFile open(Path file, String source) throws CheckpointException {
        try {
            return new ZipFile(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(source + ": the archive is truncated or corrupt ("
                    + e.getMessage() + "); download it again", e);
        }
    }

    private static String root(ZipFile zip, String source) throws CheckpointException {
        List<String> roots = new ArrayList<>();
        List<String> sample = new ArrayList<>();
        try {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (sample.size() < 5) {
                    sample.add(name);
                }
                int slash = name.indexOf('/');
                if (slash > 0 && name.substring(slash + 1).equals(PICKLE)) {
                    roots.add(name.substring(0, slash));
                }
            }
        } catch (RuntimeException e) {
            throw new CheckpointException(source + ": the archive is corrupt (" + e.getMessage()
                    + "); download it again", e);
        }
        if (roots.size() == 1) {
            return roots.get(0);
        }
        if (roots.isEmpty()) {
            throw new CheckpointException(source + ": a zip archive without <folder>/" + PICKLE
                    + ", so not a torch.save checkpoint (TorchScript archives and other zips are "
                    + "not supported); its first entries: " + sample);
        }
        throw new CheckpointException(source + ": the archive holds several checkpoints "
                + roots + "; torch.save writes exactly one top-level folder");
    }

    private static ByteOrder byteOrder(ZipFile zip, String root, String source)
            throws CheckpointException {
        ZipEntry entry = zip.getEntry(root + "/byteorder");
        if (entry == null) {
            return ByteOrder.LITTLE_ENDIAN; // written before PyTorch 2.1: always little-endian
        }
        String order = new String(entry(zip, entry.getName(), source), StandardCharsets.US_ASCII)
                .strip();
        return switch (order) {
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case "big" -> ByteOrder.BIG_ENDIAN;
            default -> throw new CheckpointException(source + ": unknown byte order '"
                    + (order.length() > 20 ? order.substring(0, 20) + "…" : order)
                    + "' in " + entry.getName() + "; the checkpoint is corrupt");
        };
    }

    private static byte[] entry(ZipFile zip, String name, String source)
            throws CheckpointException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new CheckpointException(source + ": the archive lacks " + name);
        }
        if (entry.getSize() > MAX_PICKLE_BYTES) {
            throw new CheckpointException(source + ": " + name + " is " + entry.getSize()
                    + " bytes, over the limit of " + MAX_PICKLE_BYTES + "; the checkpoint is "
                    + "corrupt or not a state dict");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes(MAX_PICKLE_BYTES + 1);
            if (bytes.length > MAX_PICKLE_BYTES
                    || (entry.getSize() >= 0 && bytes.length != entry.getSize())) {
                throw new CheckpointException(source + ": " + name + " should hold "
                        + entry.getSize() + " bytes but has " + bytes.length
                        + "; the archive is truncated or corrupt, download it again");
            }
            StorageLoader.verifyCrc(entry, bytes, source);
            return bytes;
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(source + ": cannot read " + name + " (" + e.getMessage()
                    + "); the archive is truncated or corrupt, download it again", e);
        }
    }

    private static String hex(byte[] head) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(8, head.length); i++) {
            text.append(String.format("%02x", head[i] & 0xFF));
        }
        return "0x" + text;
    }
}
