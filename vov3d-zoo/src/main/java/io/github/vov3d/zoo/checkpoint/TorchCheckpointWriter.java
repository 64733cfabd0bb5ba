package io.github.vov3d.zoo.checkpoint;

import io.github.vov3d.zoo.checkpoint.OptimizerState.ParamGroup;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes checkpoints in exactly the layout of {@code torch.save}, so that PyTorch's
 * {@code torch.load} (including its {@code weights_only} mode) and PySlowFast read them, and
 * training written in Java can be resumed or evaluated in Python and back. The archive's
 * folder is named after the file, as when saving by path: {@code <stem>/data.pkl} (a protocol 2
 * pickle using only allow-listed globals), {@code <stem>/byteorder} ({@code little}),
 * {@code <stem>/data/0…n} (one contiguous little-endian storage per tensor, stored uncompressed
 * and aligned to 64 bytes like PyTorch does) and {@code <stem>/version} ({@code 3}).
 *
 * <p>Writing is atomic: the archive goes to a temporary file in the same directory, is forced to
 * disk, then renamed over the target, so a crash mid-save never leaves a truncated checkpoint
 * where the previous good one was.
 *
 * <p>Views are written as contiguous copies and storages shared between different tensor
 * objects are written once per tensor.
 */
public final class TorchCheckpointWriter {
    private static final int ALIGNMENT = 64;
    private static final int LOCAL_HEADER = 30;
    /** A fixed entry time keeps output reproducible (1980-01-01 would add a timestamp field). */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);
    private static final int CHUNK = 1 << 16;

    private TorchCheckpointWriter() {}

    /**
     * Writes a PySlowFast checkpoint: a dict of {@code epoch}, {@code model_state} (an
     * {@code OrderedDict}), {@code optimizer_state} and {@code cfg}, each only if present,
     * followed by the extras.
     *
     * @param file where to write; replaced atomically if it exists
     * @param checkpoint the contents
     * @throws IOException if writing fails (the target is then left untouched)
     * @throws IllegalArgumentException if an extra or optimizer value cannot be pickled
     */
    public static void write(Path file, PySlowFastCheckpoint checkpoint) throws IOException {
        Map<String, Object> top = new LinkedHashMap<>();
        checkpoint.epoch().ifPresent(epoch -> top.put("epoch", epoch));
        top.put("model_state", new PickleWriter.OrderedDict(checkpoint.modelState()));
        checkpoint.optimizerState().ifPresent(o -> top.put("optimizer_state", optimizer(o)));
        checkpoint.cfg().ifPresent(cfg -> top.put("cfg", cfg));
        top.putAll(checkpoint.extras());
        writeArchive(file, top);
    }

    /**
     * Writes a bare state dict, as {@code torch.save(model.state_dict(), file)} does (the usual
     * form of released weights).
     *
     * @param file where to write; replaced atomically if it exists
     * @param stateDict key → tensor, in order
     * @throws IOException if writing fails (the target is then left untouched)
     */
    public static void writeStateDict(Path file, Map<String, StoredTensor> stateDict)
            throws IOException {
        writeArchive(file, new PickleWriter.OrderedDict(stateDict));
    }

    /**
     * @param file a target path
     * @return the folder name {@code torch.save} uses inside the archive: the file name
     *     without its extension ({@code archive} if that leaves nothing)
     */
    static String archiveName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return stem.isEmpty() || stem.startsWith(".") ? "archive" : stem;
    }

    private static Map<String, Object> optimizer(OptimizerState state) {
        Map<Integer, Map<String, Object>> perParameter = new LinkedHashMap<>(state.state());
        List<Map<String, Object>> groups = new ArrayList<>();
        for (ParamGroup group : state.paramGroups()) {
            Map<String, Object> dict = new LinkedHashMap<>();
            dict.put("weight_decay", group.weightDecay());
            dict.put("lr", group.lr());
            dict.put("momentum", group.momentum());
            dict.put("dampening", group.dampening());
            dict.put("nesterov", group.nesterov());
            dict.putAll(group.otherOptions());
            dict.put("params", group.params());
            groups.add(dict);
        }
        Map<String, Object> dict = new LinkedHashMap<>();
        dict.put("state", perParameter);
        dict.put("param_groups", groups);
        return dict;
    }

    private static void writeArchive(Path file, Object top) throws IOException {
        Path target = file.toAbsolutePath();
        String root = archiveName(target);
        PickleWriter pickler = new PickleWriter();
        byte[] pickle = pickler.write(top);
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID()
                + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                CountingStream counting = new CountingStream(
                        new BufferedOutputStream(Channels.newOutputStream(channel), CHUNK));
                try (ZipOutputStream zip = new ZipOutputStream(counting)) {
                    entry(zip, counting, root + "/data.pkl", ByteBuffer.wrap(pickle));
                    entry(zip, counting, root + "/byteorder", ascii("little"));
                    List<StoredTensor> storages = pickler.storages();
                    for (int key = 0; key < storages.size(); key++) {
                        entry(zip, counting, root + "/data/" + key,
                                storages.get(key).contiguousData());
                    }
                    entry(zip, counting, root + "/version", ascii("3\n"));
                    zip.finish();
                    counting.flush();
                    channel.force(true);
                }
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(target.getParent());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Writes one STORED entry whose data starts on a 64-byte boundary, as PyTorch aligns. */
    private static void entry(ZipOutputStream zip, CountingStream counting, String name,
            ByteBuffer data) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(data.duplicate());
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.remaining());
        entry.setCompressedSize(data.remaining());
        entry.setCrc(crc.getValue());
        entry.setTimeLocal(ENTRY_TIME);
        long start = counting.count() + LOCAL_HEADER
                + name.getBytes(StandardCharsets.UTF_8).length + 4;
        int pad = (int) ((ALIGNMENT - start % ALIGNMENT) % ALIGNMENT);
        byte[] extra = new byte[4 + pad]; // an "FB" field of filler, as PyTorch writes it
        extra[0] = 'F';
        extra[1] = 'B';
        extra[2] = (byte) pad;
        for (int i = 4; i < extra.length; i++) {
            extra[i] = 'Z';
        }
        entry.setExtra(extra);
        zip.putNextEntry(entry);
        byte[] chunk = new byte[Math.min(CHUNK, Math.max(1, data.remaining()))];
        ByteBuffer source = data.duplicate();
        while (source.hasRemaining()) {
            int n = Math.min(chunk.length, source.remaining());
            source.get(chunk, 0, n);
            zip.write(chunk, 0, n);
        }
        zip.closeEntry();
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Makes the rename durable; not every platform can open a directory, which is harmless. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // the data itself is already on disk; only the rename's durability is best-effort
        }
    }

    /** Counts the bytes written, to place each entry's data on the alignment boundary. */
    private static final class CountingStream extends FilterOutputStream {
        private long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        long count() {
            return count;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
