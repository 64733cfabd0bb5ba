package io.github.vov3d.examples.paper;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import io.github.vov3d.data.dataset.VideoClipDataset;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The test views of a {@link VideoClipDataset} with the labels the multi-view test needs,
 * {@code [class, video index]}, so predictions are summed per video. Reports its progress (one
 * line per 10 % of the views read), because a full test decodes tens of thousands of views.
 */
public final class ViewLabelledDataset extends RandomAccessDataset {
    private final VideoClipDataset views;
    private final PrintStream progress;
    private final AtomicLong read = new AtomicLong();

    private ViewLabelledDataset(Builder b) {
        super(b);
        views = b.views;
        progress = b.progress;
    }

    /**
     * @param views a test dataset (its views per video set)
     * @param batchSize views per batch
     * @param progress where progress lines go
     * @return the labelled views, read in order
     */
    public static ViewLabelledDataset of(VideoClipDataset views, int batchSize, PrintStream progress) {
        Builder b = new Builder(views, progress);
        b.setSampling(batchSize, false);
        return new ViewLabelledDataset(b);
    }

    @Override
    public Record get(NDManager manager, long index) throws IOException {
        Record r = views.get(manager, index);
        NDList labels = new NDList(r.getLabels().head(),
                manager.create((float) views.viewKey(index).video()));
        long done = read.incrementAndGet();
        long total = size();
        if (done * 10 / total > (done - 1) * 10 / total) {
            progress.printf(Locale.ROOT, "testing: %3d%% (%,d of %,d views)%n", done * 100 / total, done, total);
        }
        return new Record(r.getData(), labels);
    }

    @Override
    protected long availableSize() {
        return views.size();
    }

    /** Nothing to prepare: the wrapped dataset read its lists when built. */
    @Override
    public void prepare(Progress p) {}

    private static final class Builder extends BaseBuilder<Builder> {
        private final VideoClipDataset views;
        private final PrintStream progress;

        private Builder(VideoClipDataset views, PrintStream progress) {
            this.views = views;
            this.progress = progress;
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
