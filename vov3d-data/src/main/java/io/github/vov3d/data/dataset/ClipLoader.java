package io.github.vov3d.data.dataset;

import io.github.vov3d.data.media.BadInputException;
import io.github.vov3d.data.media.BadInputReason;
import io.github.vov3d.data.media.DecodeSize;
import io.github.vov3d.data.media.RgbFrame;
import io.github.vov3d.data.media.VideoInfo;
import io.github.vov3d.data.media.VideoReader;
import io.github.vov3d.data.sampling.TemporalSampler;
import io.github.vov3d.data.sampling.TestView;
import io.github.vov3d.data.transform.ClipTransform;
import io.github.vov3d.data.transform.SpatialPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Turns one {@link VideoEntry} into a {@link Clip}: samples frame indices, decodes only those
 * frames (at their coded size; swscale can resize while decoding instead, see the builder), then
 * crops, flips and normalises. Stateless and thread-safe: one loader serves all worker threads.
 */
public final class ClipLoader {
    private final TemporalSampler sampler;
    private final ClipTransform transform;
    private final Duration timeout;
    private final boolean resizeOnDecode;
    private final double frameFolderFps;

    private ClipLoader(Builder b) {
        sampler = b.sampler;
        transform = b.transform;
        timeout = b.timeout;
        resizeOnDecode = b.resizeOnDecode;
        frameFolderFps = b.frameFolderFps;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return whether clips are for training (random) or testing (views) */
    public boolean isTraining() {
        return transform.isTraining();
    }

    /**
     * @param entry the video
     * @param random the random source (training)
     * @param view the test view (ignored in training; may be null then)
     * @return the clip
     * @throws BadInputException if the video cannot be used
     */
    public Clip load(VideoEntry entry, Random random, TestView view) throws BadInputException {
        TestView v = view == null ? new TestView(0, 1, 0, 1) : view;
        List<RgbFrame> frames;
        SpatialPlan plan;
        if (entry.source() instanceof VideoSource.VideoFile file) {
            try (VideoReader reader = VideoReader.open(file.file(), timeout)) {
                VideoInfo info = reader.info();
                if (info.frameCount() <= 0 || info.width() <= 0 || info.height() <= 0) {
                    throw new BadInputException(file.file(), BadInputReason.NO_FRAMES,
                            "the container announces no frames (" + info + ")");
                }
                int[] indices = indices(info.frameCount(), info.fps(), random, v);
                plan = transform.plan(info.width(), info.height(), random, v.crop(), v.crops());
                frames = reader.read(indices, decodeSize(plan));
            }
        } else {
            List<Path> files = ((VideoSource.FrameFolder) entry.source()).frames();
            if (files.isEmpty()) {
                throw new BadInputException(entry.source().location(), BadInputReason.NO_FRAMES, "no frames listed");
            }
            int[] indices = indices(files.size(), frameFolderFps, random, v);
            RgbFrame first = readJpeg(files.get(indices[0]), DecodeSize.original());
            plan = transform.plan(first.width(), first.height(), random, v.crop(), v.crops());
            frames = readJpegs(files, indices, decodeSize(plan));
        }
        float[] data = transform.apply(frames, plan);
        return new Clip(data, frames.size(), plan.crop().height(), plan.crop().width(), entry.label(), entry.id(),
                v.index());
    }

    private int[] indices(int count, double fps, Random random, TestView v) {
        return transform.isTraining() ? sampler.trainIndices(count, fps, random)
                : sampler.testIndices(count, fps, v.clip(), v.clips());
    }

    private DecodeSize decodeSize(SpatialPlan plan) {
        return resizeOnDecode ? DecodeSize.shortSide(plan.shortSide()) : DecodeSize.original();
    }

    private List<RgbFrame> readJpegs(List<Path> files, int[] indices, DecodeSize size) throws BadInputException {
        Map<Integer, RgbFrame> cache = new HashMap<>();
        List<RgbFrame> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            RgbFrame f = cache.get(i);
            if (f == null) {
                f = readJpeg(files.get(i), size);
                cache.put(i, f);
            }
            out.add(f);
        }
        RgbFrame first = out.get(0);
        if (out.stream().anyMatch(f -> f.width() != first.width() || f.height() != first.height())) {
            throw new BadInputException(files.get(0).getParent(), BadInputReason.BAD_IMAGE,
                    "frames of one video have different sizes");
        }
        return out;
    }

    private RgbFrame readJpeg(Path file, DecodeSize size) throws BadInputException {
        try (VideoReader reader = VideoReader.open(file, timeout)) {
            return reader.read(new int[] {0}, size).get(0);
        } catch (BadInputException e) {
            if (e.reason() == BadInputReason.MISSING_FILE || e.reason() == BadInputReason.TIMEOUT) {
                throw e;
            }
            throw new BadInputException(file, BadInputReason.BAD_IMAGE, e.getMessage());
        }
    }

    /** Options of a {@link ClipLoader}. */
    public static final class Builder {
        private TemporalSampler sampler;
        private ClipTransform transform;
        private Duration timeout = Duration.ofSeconds(30);
        private boolean resizeOnDecode = false;
        private double frameFolderFps = 30;

        private Builder() {}

        /** @param s how frames are chosen @return this */
        public Builder sampler(TemporalSampler s) {
            sampler = s;
            return this;
        }

        /** @param t the spatial transform; its mode (training/testing) is the loader's @return this */
        public Builder transform(ClipTransform t) {
            transform = t;
            return this;
        }

        /** @param t longest decode of one video (default 30 s) @return this */
        public Builder decodeTimeout(Duration t) {
            if (t == null || t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("decode timeout must be positive, got " + t);
            }
            timeout = t;
            return this;
        }

        /** @param on let swscale resize while converting (default off: resizing only the crop in Java measured faster) @return this */
        public Builder resizeOnDecode(boolean on) {
            resizeOnDecode = on;
            return this;
        }

        /** @param fps rate frame folders were extracted at, for windowed sampling (default 30) @return this */
        public Builder frameFolderFps(double fps) {
            if (!(fps > 0)) {
                throw new IllegalArgumentException("fps must be positive, got " + fps);
            }
            frameFolderFps = fps;
            return this;
        }

        /** @return the loader */
        public ClipLoader build() {
            if (sampler == null || transform == null) {
                throw new IllegalArgumentException("a ClipLoader needs a sampler and a transform; got "
                        + Arrays.asList(sampler, transform));
            }
            return new ClipLoader(this);
        }
    }
}
