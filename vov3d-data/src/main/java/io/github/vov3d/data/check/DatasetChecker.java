package io.github.vov3d.data.check;

import io.github.vov3d.data.dataset.VideoEntry;
import io.github.vov3d.data.dataset.VideoIndex;
import io.github.vov3d.data.dataset.VideoSource;
import io.github.vov3d.data.media.BadInputException;
import io.github.vov3d.data.media.BadInputReason;
import io.github.vov3d.data.media.DecodeSize;
import io.github.vov3d.data.media.VideoInfo;
import io.github.vov3d.data.media.VideoReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Pre-flight check of a dataset, behind {@code vov3d data check}: every video is opened and its
 * first, middle and last frames decoded (which finds missing, unreadable, truncated and empty
 * files), every JPEG of a frame folder is decoded, and the list entries rejected while reading
 * the index are reported too. Runs videos in parallel, each under a timeout.
 */
public final class DatasetChecker {
    private final int threads;
    private final Duration timeout;

    /**
     * @param threads videos checked at once
     * @param timeout longest check of one video
     */
    public DatasetChecker(int threads, Duration timeout) {
        if (threads <= 0 || timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("threads and timeout must be positive");
        }
        this.threads = threads;
        this.timeout = timeout;
    }

    /**
     * @param index the videos and rejected list entries
     * @return every problem found
     */
    public CheckReport check(VideoIndex index) {
        List<BadInputException> problems = new ArrayList<>(index.rejected());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "vov3d-data-check");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Optional<BadInputException>>> results = new ArrayList<>();
            for (VideoEntry e : index.entries()) {
                results.add(pool.submit(() -> checkOne(e)));
            }
            for (int i = 0; i < results.size(); i++) {
                Future<Optional<BadInputException>> f = results.get(i);
                Path where = index.entries().get(i).source().location();
                try {
                    f.get(timeout.toMillis() * 2 + 1000, TimeUnit.MILLISECONDS).ifPresent(problems::add);
                } catch (TimeoutException e) {
                    f.cancel(true);
                    problems.add(new BadInputException(where, BadInputReason.TIMEOUT,
                            "checking took longer than " + timeout.toMillis() + " ms"));
                } catch (ExecutionException e) {
                    problems.add(new BadInputException(where, BadInputReason.UNREADABLE, String.valueOf(e.getCause())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return new CheckReport(index.entries().size(), problems);
        } finally {
            pool.shutdownNow();
        }
    }

    private Optional<BadInputException> checkOne(VideoEntry entry) {
        try {
            if (entry.source() instanceof VideoSource.VideoFile file) {
                checkVideo(file.file());
            } else {
                List<Path> frames = ((VideoSource.FrameFolder) entry.source()).frames();
                if (frames.isEmpty()) {
                    throw new BadInputException(entry.source().location(), BadInputReason.NO_FRAMES, "no frames listed");
                }
                for (Path jpeg : frames) {
                    checkImage(jpeg);
                }
            }
            return Optional.empty();
        } catch (BadInputException e) {
            return Optional.of(e);
        }
    }

    private void checkVideo(Path file) throws BadInputException {
        try (VideoReader reader = VideoReader.open(file, timeout)) {
            VideoInfo info = reader.info();
            if (info.frameCount() <= 0) {
                throw new BadInputException(file, BadInputReason.NO_FRAMES, "the container announces no frames");
            }
            int last = info.frameCount() - 1;
            reader.read(new int[] {0, last / 2, last}, DecodeSize.shortSide(32));
        }
    }

    private void checkImage(Path jpeg) throws BadInputException {
        try (VideoReader reader = VideoReader.open(jpeg, timeout)) {
            reader.read(new int[] {0}, DecodeSize.original());
        } catch (BadInputException e) {
            if (e.reason() == BadInputReason.MISSING_FILE || e.reason() == BadInputReason.TIMEOUT) {
                throw e;
            }
            throw new BadInputException(jpeg, BadInputReason.BAD_IMAGE, e.getMessage());
        }
    }
}
