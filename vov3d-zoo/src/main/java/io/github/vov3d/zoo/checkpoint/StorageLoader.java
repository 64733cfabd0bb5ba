package io.github.vov3d.zoo.checkpoint;

import io.github.vov3d.api.CheckpointException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Resolves the pickle's storage persistent ids, {@code ('storage', torch.FloatStorage, key,
 * location, numel)}, to the {@code <root>/data/<key>} entries of the archive. Each entry is
 * read once (tensors sharing a storage share the buffer) and must hold exactly
 * {@code numel × element size} bytes, so a truncated or padded storage is reported by key
 * instead of yielding wrong weights. Storages written in big-endian order (the archive's
 * {@code byteorder} record) are converted to little-endian.
 */
final class StorageLoader implements PickleReader.PersistentLoader {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.\\-]{1,128}");

    private final ZipFile zip;
    private final String root;
    private final ByteOrder order;
    private final String source;
    private final Map<String, TorchStorage> loaded = new HashMap<>();

    /**
     * @param zip the open archive
     * @param root its top-level folder
     * @param order the byte order of its storages
     * @param source the checkpoint, named in messages
     */
    StorageLoader(ZipFile zip, String root, ByteOrder order, String source) {
        this.zip = zip;
        this.root = root;
        this.order = order;
        this.source = source;
    }

    @Override
    public Object load(Object pid) throws CheckpointException {
        if (!(pid instanceof List<?> id) || id.size() != 5 || !"storage".equals(id.get(0))) {
            throw malformed("persistent id " + describe(pid) + " is not ('storage', type, key, "
                    + "location, numel)");
        }
        if (!(id.get(1) instanceof TensorDType dtype)) {
            throw malformed("storage type " + describe(id.get(1)) + " is not a known storage class");
        }
        if (!(id.get(2) instanceof String key) || !KEY.matcher(key).matches()) {
            throw malformed("storage key " + describe(id.get(2)) + " is not a plain name");
        }
        if (!(id.get(4) instanceof Long numel) || numel < 0) {
            throw malformed("storage data/" + key + " has an invalid size " + describe(id.get(4)));
        }
        TorchStorage known = loaded.get(key);
        if (known != null) {
            if (known.dtype() != dtype || known.numel() != numel) {
                throw malformed("storage data/" + key + " is referenced with two different types");
            }
            return known;
        }
        TorchStorage storage = new TorchStorage(key, dtype, numel, read(key, dtype, numel));
        loaded.put(key, storage);
        return storage;
    }

    private ByteBuffer read(String key, TensorDType dtype, long numel) throws CheckpointException {
        String name = root + "/data/" + key;
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new CheckpointException(source + ": the pickle refers to storage " + name
                    + ", which the archive lacks; the file is incomplete, download it again");
        }
        if (numel > Integer.MAX_VALUE / dtype.byteSize()) {
            throw new CheckpointException(source + ": storage " + name + " holds " + numel + " "
                    + dtype + " elements; storages over 2 GiB are not supported");
        }
        long expected = numel * dtype.byteSize();
        if (entry.getSize() >= 0 && entry.getSize() != expected) {
            throw sizeMismatch(name, dtype, numel, expected, entry.getSize());
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readNBytes((int) expected);
            if (bytes.length < expected) {
                throw sizeMismatch(name, dtype, numel, expected, bytes.length);
            }
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(source + ": cannot read storage " + name + " (" + e
                    + "); the archive is truncated or corrupt, download it again", e);
        }
        verifyCrc(entry, bytes, source);
        ByteBuffer data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (order == ByteOrder.BIG_ENDIAN) {
            swapBytes(bytes, dtype.byteSize());
        }
        return data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Compares an entry's bytes with the CRC-32 the archive records, catching flipped bits that
     * would otherwise load as wrong weights. A recorded 0 is taken as "not recorded" (PyTorch
     * can be told to skip checksums), unless the data is empty.
     *
     * @param entry the entry
     * @param bytes its contents
     * @param source the checkpoint, for messages
     * @throws CheckpointException if the checksum differs
     */
    static void verifyCrc(ZipEntry entry, byte[] bytes, String source) throws CheckpointException {
        long recorded = entry.getCrc();
        if (recorded <= 0) {
            return;
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (crc.getValue() != recorded) {
            throw new CheckpointException(String.format(java.util.Locale.ROOT,
                    "%s: %s is damaged (CRC-32 %08x, the archive records %08x); download the "
                            + "checkpoint again", source, entry.getName(), crc.getValue(), recorded));
        }
    }

    private CheckpointException sizeMismatch(String name, TensorDType dtype, long numel,
            long expected, long found) {
        return new CheckpointException(source + ": storage " + name + " should hold " + numel
                + " " + dtype + " elements (" + expected + " bytes) but has " + found + " bytes"
                + (found < expected ? "; it is truncated, download the checkpoint again"
                        : "; the checkpoint is corrupt"));
    }

    private static void swapBytes(byte[] bytes, int width) {
        for (int start = 0; start + width <= bytes.length; start += width) {
            for (int i = 0, j = width - 1; i < j; i++, j--) {
                byte t = bytes[start + i];
                bytes[start + i] = bytes[start + j];
                bytes[start + j] = t;
            }
        }
    }

    private CheckpointException malformed(String what) {
        return new CheckpointException(source + ": malformed pickle: " + what
                + "; the checkpoint is corrupt");
    }

    /** Names a pickle value without calling toString on containers (they may be cyclic). */
    private static String describe(Object value) {
        if (value instanceof String s) {
            return "'" + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "'";
        }
        if (value == null || value instanceof Number || value instanceof Boolean
                || value instanceof TensorDType) {
            return String.valueOf(value);
        }
        return "a " + PickleMachine.typeName(value);
    }
}
