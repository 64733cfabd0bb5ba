package io.github.vov3d.examples.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.github.vov3d.data.dataset.ClipLoader;
import io.github.vov3d.data.dataset.ClipPrefetcher;
import io.github.vov3d.data.dataset.VideoClipDataset;
import io.github.vov3d.data.dataset.VideoEntry;
import io.github.vov3d.data.dataset.VideoIndex;
import io.github.vov3d.data.dataset.VideoSource;
import io.github.vov3d.data.media.DecodeSize;
import io.github.vov3d.data.media.RgbFrame;
import io.github.vov3d.data.media.VideoCodec;
import io.github.vov3d.data.media.VideoReader;
import io.github.vov3d.data.media.VideoWriter;
import io.github.vov3d.data.sampling.KineticsSampler;
import io.github.vov3d.data.transform.ClipTransform;
import io.github.vov3d.data.transform.SpatialPlan;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Decoded-and-transformed clips per second for Kinetics-style training sampling (16 frames,
 * stride 5 at 30 fps, jitter 256–320, crop 224) from 320-pixel-short-side H.264 mp4 files that
 * it generates itself (10 s, 30 fps, textured moving content). Compares resizing in swscale
 * while decoding, resizing in Java on the crop only, and the same work on NDArrays.
 */
public final class DataLoadingBenchmark {
    private static final int VIDEOS = 8;
    private static final int FRAMES = 300;
    private static final long WARM_UP_MAX_CLIPS = 1_000;
    private final int clips;
    private final int threads;
    private final Duration warmUp;
    private final PrintStream out;

    /**
     * @param clips clips timed per variant
     * @param threads decoding threads
     * @param warmUp how long each variant loads clips untimed before the timed ones
     * @param out where results go
     */
    public DataLoadingBenchmark(int clips, int threads, Duration warmUp, PrintStream out) {
        if (clips <= 0 || threads <= 0 || warmUp.isNegative()) {
            throw new IllegalArgumentException("clips and threads must be positive and the warm-up not negative, got "
                    + clips + ", " + threads + ", " + warmUp);
        }
        this.clips = clips;
        this.threads = threads;
        this.warmUp = warmUp;
        this.out = out;
    }

    /** @param args {@code [clips [threads]]} @throws Exception if the benchmark fails */
    public static void main(String[] args) throws Exception {
        int clips = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        new DataLoadingBenchmark(clips, threads, Duration.ofSeconds(3), System.out).run(null);
    }

    /**
     * @param dir where to put the videos, or null for a temporary folder deleted afterwards
     * @throws Exception if the benchmark fails
     */
    public void run(Path dir) throws Exception {
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("vov3d-bench");
        try {
            long t0 = System.nanoTime();
            List<VideoEntry> entries = new ArrayList<>();
            for (int v = 0; v < VIDEOS; v++) {
                Path f = work.resolve("v" + v + ".mp4");
                if (!Files.exists(f)) {
                    write(f, v);
                }
                entries.add(new VideoEntry("v" + v, new VideoSource.VideoFile(f), v));
            }
            out.printf(Locale.ROOT, "%d synthetic videos (426x320, %d frames, H.264) ready in %.1f s; %d threads%n",
                    VIDEOS, FRAMES, (System.nanoTime() - t0) / 1e9, threads);
            VideoIndex index = new VideoIndex(entries, List.of());
            out.println(breakdown(entries));
            for (boolean onDecode : new boolean[] {false, true}) {
                double rate = measure(index, onDecode);
                out.printf(Locale.ROOT, "java arrays, resize %-12s %6.1f clips/s%n",
                        onDecode ? "in swscale:" : "in Java:", rate);
            }
            out.printf(Locale.ROOT, "NDArray resize/crop/normalise:    %6.1f clips/s%n", measureNdArray(entries));
        } finally {
            if (dir == null) {
                try (Stream<Path> s = Files.walk(work)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private double measure(VideoIndex index, boolean resizeOnDecode) throws Exception {
        ClipLoader loader = ClipLoader.builder().sampler(KineticsSampler.vov3d())
                .transform(ClipTransform.training().build()).resizeOnDecode(resizeOnDecode).build();
        VideoClipDataset ds = VideoClipDataset.builder().index(index).loader(loader).build();
        long[] order = LongStream.range(0, clips + WARM_UP_MAX_CLIPS).map(i -> i % VIDEOS).toArray();
        try (ClipPrefetcher p = new ClipPrefetcher(ds, order, threads, 2 * threads + 2, Duration.ofMinutes(1))) {
            // the decode loop and the resize are JIT-compiled only after a few hundred frames: a
            // short warm-up under-reports the steady rate by a third
            // (bounded by the clips the order holds for it, so a long warm-up cannot run dry)
            long warm = System.nanoTime() + warmUp.toNanos();
            for (long warmed = 0; warmed < WARM_UP_MAX_CLIPS && System.nanoTime() < warm; warmed++) {
                p.next();
            }
            long start = System.nanoTime();
            for (int i = 0; i < clips; i++) {
                p.next();
            }
            return clips / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Where one thread's time goes per clip: opening, decoding (with RGB conversion), transforming. */
    private String breakdown(List<VideoEntry> entries) throws Exception {
        KineticsSampler sampler = KineticsSampler.vov3d();
        ClipTransform transform = ClipTransform.training().build();
        Random random = new Random(0);
        long[] nanos = new long[3];
        int n = Math.max(4, clips / 4);
        for (int i = warmUp.isZero() ? 0 : -n; i < n; i++) { // negative indices warm up
            if (i == 0) {
                Arrays.fill(nanos, 0);
            }
            Path f = ((VideoSource.VideoFile) entries.get(Math.floorMod(i, VIDEOS)).source()).file();
            long t0 = System.nanoTime();
            try (VideoReader r = VideoReader.open(f, Duration.ofMinutes(1))) {
                long t1 = System.nanoTime();
                int[] idx = sampler.trainIndices(r.info().frameCount(), r.info().fps(), random);
                List<RgbFrame> frames = r.read(idx, DecodeSize.original());
                long t2 = System.nanoTime();
                transform.apply(frames, transform.plan(r.info().width(), r.info().height(), random, 0, 1));
                nanos[0] += t1 - t0;
                nanos[1] += t2 - t1;
                nanos[2] += System.nanoTime() - t2;
            }
        }
        return String.format(Locale.ROOT, "one thread, per clip: open %.1f ms, decode + RGB %.1f ms, "
                + "resize + crop + flip + normalise %.1f ms", nanos[0] / 1e6 / n, nanos[1] / 1e6 / n, nanos[2] / 1e6 / n);
    }

    /** Same sampling and decode (without resize); resize, crop and normalise on NDArrays, one thread. */
    private double measureNdArray(List<VideoEntry> entries) throws Exception {
        KineticsSampler sampler = KineticsSampler.vov3d();
        ClipTransform transform = ClipTransform.training().build();
        Random random = new Random(0);
        int n = Math.max(8, clips / 4);
        long start = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int i = -4; i < n; i++) {
                if (i == 0) {
                    start = System.nanoTime();
                }
                Path f = ((VideoSource.VideoFile) entries.get(Math.floorMod(i, VIDEOS)).source()).file();
                try (VideoReader r = VideoReader.open(f, Duration.ofMinutes(1)); NDManager step = manager.newSubManager()) {
                    int[] idx = sampler.trainIndices(r.info().frameCount(), r.info().fps(), random);
                    List<RgbFrame> frames = r.read(idx, DecodeSize.original());
                    SpatialPlan plan = transform.plan(r.info().width(), r.info().height(), random, 0, 1);
                    NDList resized = new NDList();
                    for (RgbFrame fr : frames) {
                        NDArray a = step.create(java.nio.ByteBuffer.wrap(fr.rgb()),
                                new Shape(fr.height(), fr.width(), 3), DataType.UINT8).toType(DataType.FLOAT32, false);
                        a = ai.djl.modality.cv.util.NDImageUtils.resize(a, plan.resizedWidth(), plan.resizedHeight());
                        resized.add(a.get(plan.crop().y() + ":" + (plan.crop().y() + 224) + ","
                                + plan.crop().x() + ":" + (plan.crop().x() + 224) + ",:"));
                    }
                    NDArray clip = NDArrays.stack(resized).div(255f).sub(0.45f).div(0.225f).transpose(3, 0, 1, 2);
                    clip.toFloatArray();
                }
            }
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static void write(Path f, int seed) throws IOException {
        int w = 426;
        int h = 320;
        Random random = new Random(seed);
        byte[] texture = new byte[w * h * 3];
        random.nextBytes(texture);
        try (VideoWriter writer = VideoWriter.builder().file(f).size(w, h).fps(30).keyFrameInterval(60)
                .codec(VideoCodec.H264).bitRate(1_200_000).fastStart(true).open()) {
            for (int t = 0; t < FRAMES; t++) {
                byte[] rgb = new byte[w * h * 3];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int p = (y * w + x) * 3;
                        int shifted = (y * w + (x + 2 * t) % w) * 3;
                        for (int c = 0; c < 3; c++) {
                            int smooth = (x * (c + 1) + y * 2 + t * 3) & 0xff;
                            rgb[p + c] = (byte) ((smooth * 3 + (texture[shifted + c] & 0x3f)) / 4 + 20);
                        }
                    }
                }
                writer.write(new io.github.vov3d.data.media.RgbFrame(w, h, rgb));
            }
        }
    }
}
