package io.github.vov3d.data.dataset;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import io.github.vov3d.data.media.BadInputException;
import io.github.vov3d.data.sampling.TestView;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A video dataset for DJL: each record is a clip (3×T×H×W float32; batches stack to N×C×T×H×W)
 * and its class index. In training, index {@code i} is video {@code i} with fresh random
 * sampling on every call. In testing every video yields {@code clips × crops} views: index
 * {@code i} is video {@code i / views}, view {@code i % views}; {@link #viewKey} says which, so
 * predictions can be averaged per video.
 *
 * <p>Bad videos follow the {@link BadInputPolicy}: in training they are skipped by default —
 * counted in {@link #badInputs()}, logged, and replaced by another random video, at most
 * {@value #RETRIES} times in a row as the reference retries — otherwise the first problem is
 * thrown. Testing always fails fast: dropping a view would bias the score; remove the videos
 * {@code vov3d data check} reports instead ({@link VideoIndex#without}).
 */
public final class VideoClipDataset extends RandomAccessDataset {
    /** Replacement attempts before a training record fails. */
    public static final int RETRIES = 10;
    private static final Logger LOG = LoggerFactory.getLogger(VideoClipDataset.class);

    private final List<VideoEntry> entries;
    private final ClipLoader loader;
    private final int clips;
    private final int crops;
    private final BadInputPolicy policy;
    private final long seed;
    private final AtomicLong draws = new AtomicLong();
    private final BadInputCounter counter = new BadInputCounter();

    private VideoClipDataset(Builder b) {
        super(b);
        entries = b.index.entries();
        loader = b.loader;
        clips = loader.isTraining() ? 1 : b.clips;
        crops = loader.isTraining() ? 1 : b.crops;
        policy = b.policy;
        seed = b.seed;
        for (BadInputException e : b.index.rejected()) {
            counter.record(e);
        }
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return views per video (1 in training) */
    public int viewsPerVideo() {
        return clips * crops;
    }

    /** @return the videos */
    public List<VideoEntry> entries() {
        return entries;
    }

    /** @return skipped inputs, including list lines rejected while reading the index */
    public BadInputCounter badInputs() {
        return counter;
    }

    /**
     * @param index a record index
     * @return the video and view it stands for
     */
    public ViewKey viewKey(long index) {
        VideoEntry e = entries.get(videoOf(index));
        return new ViewKey(e.id(), videoOf(index), (int) (index % viewsPerVideo()), e.label());
    }

    @Override
    public Record get(NDManager manager, long index) throws IOException {
        Clip clip = loadClip(index);
        NDList data = new NDList(manager.create(clip.data(), new Shape(clip.shape())));
        NDList label = new NDList(manager.create((float) clip.label()));
        return new Record(data, label);
    }

    /**
     * Loads a record as plain floats (no engine needed), applying the bad-input policy.
     *
     * @param index a record index
     * @return the clip
     * @throws BadInputException if the video is bad and the policy (or retries) say fail
     */
    public Clip loadClip(long index) throws BadInputException {
        Random random = new Random(mix(seed, index, draws.incrementAndGet()));
        int video = videoOf(index);
        TestView view = TestView.of((int) (index % viewsPerVideo()), clips, crops);
        for (int attempt = 0; ; attempt++) {
            try {
                return loader.load(entries.get(video), random, view);
            } catch (BadInputException e) {
                if (policy == BadInputPolicy.FAIL_FAST || !loader.isTraining() || attempt >= RETRIES) {
                    throw e;
                }
                counter.record(e);
                LOG.warn("skipping a bad video ({} skipped so far): {}", counter.total(), e.getMessage());
                video = random.nextInt(entries.size());
            }
        }
    }

    private int videoOf(long index) {
        if (index < 0 || index >= availableSize()) {
            throw new IndexOutOfBoundsException("record " + index + " of " + availableSize());
        }
        return (int) (index / viewsPerVideo());
    }

    private static long mix(long seed, long index, long draw) {
        long z = seed ^ (index * 0x9E3779B97F4A7C15L) ^ (draw * 0xC2B2AE3D27D4EB4FL);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        return z ^ (z >>> 31);
    }

    @Override
    protected long availableSize() {
        return (long) entries.size() * viewsPerVideo();
    }

    /** Nothing to download or index: the lists are read when the dataset is built. */
    @Override
    public void prepare(Progress progress) {}

    /** Options of a {@link VideoClipDataset}; also DJL's sampling, batchifier and prefetch options. */
    public static final class Builder extends BaseBuilder<Builder> {
        private VideoIndex index;
        private ClipLoader loader;
        private int clips = 1;
        private int crops = 1;
        private BadInputPolicy policy;
        private long seed;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** @param i the videos (see {@link DatasetLayout#read}) @return this */
        public Builder index(VideoIndex i) {
            index = i;
            return this;
        }

        /** @param l how clips are made; training or testing follows its transform @return this */
        public Builder loader(ClipLoader l) {
            loader = l;
            return this;
        }

        /**
         * @param temporalClips clips per video (Kinetics 10, Something-Something 2)
         * @param spatialCrops crops per clip: 1 or 3
         * @return this
         */
        public Builder views(int temporalClips, int spatialCrops) {
            if (temporalClips <= 0 || (spatialCrops != 1 && spatialCrops != 3)) {
                throw new IllegalArgumentException("views need clips > 0 and crops 1 or 3, got "
                        + temporalClips + " x " + spatialCrops);
            }
            clips = temporalClips;
            crops = spatialCrops;
            return this;
        }

        /** @param p bad-input policy (default: SKIP in training, FAIL_FAST in testing) @return this */
        public Builder policy(BadInputPolicy p) {
            policy = p;
            return this;
        }

        /** @param s seed of the training randomness (default 0, as RNG_SEED) @return this */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /**
         * @return the dataset
         * @throws BadInputException under FAIL_FAST when the index rejected a list line
         */
        public VideoClipDataset build() throws BadInputException {
            if (index == null || loader == null) {
                throw new IllegalArgumentException("a VideoClipDataset needs an index and a loader");
            }
            if (index.entries().isEmpty()) {
                throw new IllegalArgumentException("the dataset has no usable video ("
                        + index.rejected().size() + " list entries rejected"
                        + (index.rejected().isEmpty() ? "" : ", first: " + index.rejected().get(0).getMessage()) + ")");
            }
            if (policy == null) {
                policy = loader.isTraining() ? BadInputPolicy.SKIP : BadInputPolicy.FAIL_FAST;
            }
            if (policy == BadInputPolicy.SKIP && !loader.isTraining()) {
                throw new IllegalArgumentException("SKIP applies to training only: a test view cannot be replaced "
                        + "without biasing the score; remove the videos 'vov3d data check' reports instead");
            }
            if (policy == BadInputPolicy.FAIL_FAST && !index.rejected().isEmpty()) {
                throw index.rejected().get(0);
            }
            if (sampler == null) {
                setSampling(1, loader.isTraining());
            }
            return new VideoClipDataset(this);
        }
    }
}
