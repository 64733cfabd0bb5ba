package io.github.vov3d.zoo.checkpoint;

import io.github.vov3d.api.CheckpointException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A restricted unpickler for the subset of Python's pickle protocols 2–5 that
 * {@code torch.save} produces. Pickle is a program for a stack machine that may import and call
 * any Python function, so a checkpoint from elsewhere is untrusted code; this reader executes
 * only data-building opcodes, and every {@code GLOBAL} must be on the allow-list given to it,
 * else it stops with an {@link io.github.vov3d.api.UnsafeCheckpointException} before anything
 * is called. Opcodes it does not implement stop it with a {@link CheckpointException} naming the
 * opcode and its offset.
 *
 * <p>Python values become: {@code None} → {@code null}, {@code bool} → {@link Boolean},
 * {@code int} → {@link Long} (or {@link java.math.BigInteger} beyond 64 bits), {@code float} →
 * {@link Double}, {@code str} → {@link String}, {@code bytes} → {@code byte[]}, {@code tuple}
 * → an unmodifiable {@link List}, {@code list} → a mutable {@link java.util.ArrayList},
 * {@code dict} → {@link java.util.LinkedHashMap} (insertion order kept), {@code set} →
 * {@link java.util.LinkedHashSet}. Allow-listed globals become the objects the allow-list maps
 * them to; a {@link PyCallable} among them is what {@code REDUCE} and {@code NEWOBJ} call.
 *
 * <p>Malformed input cannot exhaust the JVM: the machine is iterative (no recursion on input
 * structure), every length is checked against the bytes that remain before anything is
 * allocated, integers are limited to {@value #MAX_INT_BYTES} bytes, and dictionary keys must be
 * hashable values at most {@value #MAX_KEY_DEPTH} tuples deep (so hashing cannot recurse
 * without bound or loop through a cycle). The memory a pickle can make us hold is therefore
 * proportional to its size.
 *
 * <p>Instances are immutable and may be shared between threads; each {@link #read} call runs
 * on its own state.
 */
public final class PickleReader {
    /** The longest {@code int} accepted, in bytes (a 512-bit number). */
    public static final int MAX_INT_BYTES = 64;
    /** How deeply tuples used as dictionary keys or set elements may nest. */
    public static final int MAX_KEY_DEPTH = 32;

    private final String source;
    private final Map<String, ?> globals;
    private final PersistentLoader persistentLoader;

    /**
     * A Python callable the pickle may invoke through {@code REDUCE} or {@code NEWOBJ}.
     * Implementations are ours (never code from the file) and must validate their arguments,
     * failing with a {@link CheckpointException}.
     */
    @FunctionalInterface
    public interface PyCallable {
        /**
         * @param args the positional arguments, as the pickle gave them
         * @return the result pushed on the stack
         * @throws CheckpointException if the arguments are invalid
         */
        Object call(List<Object> args) throws CheckpointException;
    }

    /**
     * Resolves a persistent id ({@code BINPERSID}), which {@code torch.save} uses to refer to
     * tensor storages kept outside the pickle.
     */
    @FunctionalInterface
    public interface PersistentLoader {
        /**
         * @param pid the persistent id (for torch, a tuple starting with {@code 'storage'})
         * @return the object it stands for
         * @throws CheckpointException if the id is invalid or its data unreadable
         */
        Object load(Object pid) throws CheckpointException;
    }

    /**
     * @param source what is being read (the checkpoint file), named in every message
     * @param globals the allow-list: {@code module.name} (e.g. {@code collections.OrderedDict})
     *     to the object a {@code GLOBAL} of that name pushes; everything else is refused
     * @param persistentLoader resolves persistent ids; {@code null} refuses them
     */
    public PickleReader(String source, Map<String, ?> globals, PersistentLoader persistentLoader) {
        this.source = Objects.requireNonNull(source, "source");
        this.globals = Map.copyOf(globals);
        this.persistentLoader = persistentLoader;
    }

    /**
     * Runs the pickle and returns the value it builds.
     *
     * @param pickle the pickle bytes, from the protocol header to {@code STOP}
     * @return the value on top of the stack at {@code STOP}
     * @throws io.github.vov3d.api.UnsafeCheckpointException if it names a global that is not
     *     on the allow-list
     * @throws CheckpointException if it is malformed, truncated or uses an unsupported opcode
     */
    public Object read(byte[] pickle) throws CheckpointException {
        PickleMachine machine = new PickleMachine(source, pickle, globals, persistentLoader);
        try {
            return machine.run();
        } catch (CheckpointException e) {
            throw e;
        } catch (RuntimeException e) {
            // a safety net: any inconsistency the checks above missed is still a bad file
            throw new CheckpointException(source + ": malformed pickle near offset "
                    + machine.offset() + " (" + e + "); the checkpoint is corrupt", e);
        }
    }

    /**
     * @return the source named in messages
     */
    public String source() {
        return source;
    }
}
