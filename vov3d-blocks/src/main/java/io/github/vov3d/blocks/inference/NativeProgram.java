package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A compiled network's eval pass as one program of the library's own CPU kernels ({@link
 * NativeKernels}): from the channels-first clip to the classifier's logits at every head
 * position, or to the last stage's features, with no call back into the engine in between. Runs
 * take their buffers from a pool the program keeps (under a lock) until it is closed, so one
 * program may run on several threads at once; the weights are the program's own copy (packed for
 * the kernels when it was created).
 */
final class NativeProgram implements AutoCloseable {
    private static final int THREADS_UNSET = 0;

    private static final int E_SHAPE = -3;
    private static final int E_INPUT = -6;

    /** Runs hold the read side, so that closing waits for them instead of freeing under them. */
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private long handle;
    private final int parts;

    private NativeProgram(long handle, int parts) {
        this.handle = handle;
        this.parts = parts;
    }

    /**
     * @param writer a finished program
     * @return the program, loaded
     * @throws IllegalStateException if the native kernels are not available here
     * @throws IllegalArgumentException if the native side rejects a record
     */
    static NativeProgram load(NativeProgramWriter writer) {
        NativeKernels.unavailableReason().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        return new NativeProgram(NativeKernels.create(writer.code(), writer.weightArray()),
                writer.marks());
    }

    /** @return the number of timed parts the program marks */
    int parts() {
        return parts;
    }

    /**
     * @param clip N×C×T×H×W float32 clip batch (not modified)
     * @param features whether to stop at the last stage's features
     * @param marks receives each part's nanoseconds (at least {@link #parts()} long), or null
     * @return the channels-last result (N×T×H×W×C: features, or logits with C the classes),
     *     attached to the clip's manager
     * @throws IllegalArgumentException if the clip is too small for a layer
     * @throws IllegalStateException if the program was closed or native memory ran out
     */
    NDArray run(NDArray clip, boolean features, long[] marks) {
        lifecycle.readLock().lock();
        try {
            if (handle == 0) {
                throw new IllegalStateException("the compiled network was closed");
            }
            return run(handle, clip, features, marks);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private static NDArray run(long h, NDArray clip, boolean features, long[] marks) {
        Shape s = clip.getShape();
        int[] inputShape = new int[5];
        for (int i = 0; i < 5; i++) {
            inputShape[i] = Math.toIntExact(s.get(i));
        }
        // the clip's values in logical order, kept open while the native side reads them
        try (NDArray dense = ChannelsLast.contiguous(clip);
                NDArray floats = dense.getDataType() == DataType.FLOAT32 ? null
                        : dense.toType(DataType.FLOAT32, false)) {
            // the engine's own memory where it allows (PyTorch: a view, no copy; measured 35 ms
            // for a 16×224×224 clip copied into a Java array by toByteBuffer())
            ByteBuffer input = direct((floats != null ? floats : dense).toByteBuffer(true));
            int threads = Integer.getInteger("ai.djl.pytorch.num_threads", THREADS_UNSET);
            int[] shape = new int[5];
            check(NativeKernels.run(h, input, inputShape, features, null, shape, null, threads),
                    s);
            long count = (long) shape[0] * shape[1] * shape[2] * shape[3] * shape[4];
            if (count > Integer.MAX_VALUE / Float.BYTES) {
                throw new IllegalArgumentException("the result for a clip " + s + " would hold "
                        + count + " values, more than one buffer takes; pass fewer clips at once");
            }
            ByteBuffer output = ByteBuffer.allocateDirect(Math.toIntExact(count * Float.BYTES))
                    .order(ByteOrder.nativeOrder());
            check(NativeKernels.run(h, input, inputShape, features, output, shape, marks,
                    threads), s);
            return clip.getManager().create(output,
                    new Shape(shape[0], shape[1], shape[2], shape[3], shape[4]), DataType.FLOAT32);
        }
    }

    /** @return {@code values} when it is in native memory, else a copy that is */
    private static ByteBuffer direct(ByteBuffer values) {
        if (values.isDirect()) {
            return values;
        }
        ByteBuffer copy = ByteBuffer.allocateDirect(values.remaining())
                .order(ByteOrder.nativeOrder());
        copy.put(values.duplicate());
        return copy.flip();
    }

    private static void check(int status, Shape clip) {
        if (status == 0) {
            return;
        }
        String what = NativeKernels.errorMessage(status);
        if (status == E_INPUT) {
            throw new IllegalArgumentException("the clip " + clip + " cannot be classified: "
                    + what + "; pass N×C×T×H×W clips with the network's input channels");
        }
        if (status == E_SHAPE) {
            throw new IllegalArgumentException("the clip " + clip + " is too small for the "
                    + "network: " + what + "; the head's average pool needs the training frame "
                    + "count and crop at least");
        }
        throw new IllegalStateException("the native pass failed on a clip " + clip + ": " + what);
    }

    /** Frees the program and its weights once the runs in progress are done; later runs fail. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (handle != 0) {
                NativeKernels.destroy(handle);
                handle = 0;
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
