package io.github.vov3d.data.dataset;

import io.github.vov3d.data.media.BadInputException;
import io.github.vov3d.data.media.BadInputReason;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decodes clips on worker threads ahead of the consumer, in order, holding at most
 * {@code capacity} finished or pending clips so memory stays bounded. A clip that takes longer
 * than the timeout is cancelled (its thread interrupted, which stops the decoder) and reported as
 * {@link BadInputReason#TIMEOUT}; problems surface from {@link #next()} as an
 * {@link UncheckedIOException} wrapping the {@link BadInputException}.
 */
public final class ClipPrefetcher implements Iterator<Clip>, AutoCloseable {
    private final VideoClipDataset dataset;
    private final long[] order;
    private final int capacity;
    private final Duration timeout;
    private final ExecutorService pool;
    private final ArrayDeque<Future<Clip>> pending = new ArrayDeque<>();
    private int submitted;

    /**
     * @param dataset where clips come from
     * @param order the record indices to load, in the order wanted
     * @param threads decoding threads
     * @param capacity most clips held ahead of the consumer
     * @param timeout longest wait for one clip
     */
    public ClipPrefetcher(VideoClipDataset dataset, long[] order, int threads, int capacity, Duration timeout) {
        if (threads <= 0 || capacity <= 0) {
            throw new IllegalArgumentException("threads and capacity must be positive, got " + threads + ", " + capacity);
        }
        this.dataset = dataset;
        this.order = order.clone();
        this.capacity = capacity;
        this.timeout = timeout;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "vov3d-clip-loader-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        fill();
    }

    private void fill() {
        while (submitted < order.length && pending.size() < capacity) {
            long index = order[submitted++];
            pending.add(pool.submit(() -> dataset.loadClip(index)));
        }
    }

    @Override
    public boolean hasNext() {
        return !pending.isEmpty();
    }

    @Override
    public Clip next() {
        Future<Clip> head = pending.poll();
        if (head == null) {
            throw new NoSuchElementException();
        }
        try {
            return head.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            head.cancel(true);
            throw new UncheckedIOException(new BadInputException(Path.of("record " + order[submitted - pending.size() - 1]),
                    BadInputReason.TIMEOUT, "no clip after " + timeout.toMillis() + " ms"));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BadInputException b) {
                throw new UncheckedIOException(b);
            }
            throw new IllegalStateException("clip loading failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a clip", e);
        } finally {
            fill();
        }
    }

    /** Stops the workers, interrupting decodes in progress. */
    @Override
    public void close() {
        pending.forEach(f -> f.cancel(true));
        pending.clear();
        pool.shutdownNow();
    }
}
