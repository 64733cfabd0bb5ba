package io.github.vov3d.examples.miniature;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;

/**
 * The miniature Something-Something dataset as a DJL {@link RandomAccessDataset}: clips are
 * rendered on demand from {@code (seed, video index, view)}, so nothing is stored and every run
 * with the same seed sees the same pixels. Videos {@code firstVideo … firstVideo + videos − 1}
 * belong to this set (training and test sets use disjoint ranges). Data: one 3×T×crop×crop
 * clip; labels: the class, plus the video index when {@code labelVideos} is set (what
 * {@code VideoTrainer.testMultiView} expects).
 */
public final class MotionClips extends RandomAccessDataset {
    private final long seed;
    private final long firstVideo;
    private final long videos;
    private final ViewPlan plan;
    private final boolean labelVideos;
    private final SceneRenderer renderer;

    private MotionClips(Builder b) {
        super(b);
        seed = b.seed;
        firstVideo = b.firstVideo;
        videos = b.videos;
        plan = b.plan;
        labelVideos = b.labelVideos;
        renderer = b.renderer;
    }

    /** @return a builder; renderer, video range and plan are required */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Record get(NDManager manager, long index) {
        int views = plan.viewsPerVideo();
        long video = firstVideo + index / views;
        ClipGeometry g = renderer.geometry();
        MotionScene scene = MotionScene.generate(seed, video, g);
        float[] pixels = renderer.render(scene, plan.view(scene, (int) (index % views), g));
        NDList data = new NDList(manager.create(pixels, new Shape(3, g.frames(), g.crop(), g.crop())));
        NDList labels = new NDList(manager.create((float) scene.label().ordinal()));
        if (labelVideos) {
            labels.add(manager.create((float) video));
        }
        return new Record(data, labels);
    }

    @Override
    protected long availableSize() {
        return videos * plan.viewsPerVideo();
    }

    /** Nothing to prepare: clips are rendered when read. */
    @Override
    public void prepare(Progress progress) {
        // generated on demand
    }

    /** Fluent options of {@link MotionClips}. */
    public static final class Builder extends BaseBuilder<Builder> {
        private long seed;
        private long firstVideo;
        private long videos;
        private ViewPlan plan;
        private boolean labelVideos;
        private SceneRenderer renderer;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** @param s the dataset seed @return this */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /** @param first first video index @param count number of videos @return this */
        public Builder videos(long first, long count) {
            firstVideo = first;
            videos = count;
            return this;
        }

        /** @param p which clips of each video @return this */
        public Builder views(ViewPlan p) {
            plan = p;
            return this;
        }

        /** @param on add the video index as a second label @return this */
        public Builder labelVideos(boolean on) {
            labelVideos = on;
            return this;
        }

        /** @param r the renderer (its geometry sizes the clips) @return this */
        public Builder renderer(SceneRenderer r) {
            renderer = r;
            return this;
        }

        /** @return the dataset */
        public MotionClips build() {
            if (renderer == null || plan == null || firstVideo < 0 || videos <= 0) {
                throw new IllegalArgumentException("MotionClips needs a renderer, a view plan and a "
                        + "non-empty range of videos; got " + videos + " from " + firstVideo);
            }
            return new MotionClips(this);
        }
    }
}
