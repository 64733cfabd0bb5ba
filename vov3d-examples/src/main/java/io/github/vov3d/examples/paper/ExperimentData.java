package io.github.vov3d.examples.paper;

import io.github.vov3d.data.media.BadInputException;
import io.github.vov3d.data.dataset.BadInputPolicy;
import io.github.vov3d.data.dataset.DatasetLayout;
import io.github.vov3d.data.dataset.Split;
import io.github.vov3d.data.dataset.VideoClipDataset;
import io.github.vov3d.data.dataset.VideoEntry;
import io.github.vov3d.data.dataset.VideoIndex;
import io.github.vov3d.data.media.BadInputReason;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The three parts of a row's dataset, read with the layout of its data set: training videos,
 * validation videos (optional for Kinetics, where {@code val.csv} may be absent) and the test
 * videos of the multi-view protocol. The class count is the data's own (largest label + 1), so
 * the same row trains on the full data set and on a two-class sample.
 *
 * @param root the dataset root
 * @param train training videos
 * @param validation validation videos, if the layout has them
 * @param test test videos
 */
public record ExperimentData(Path root, VideoIndex train, Optional<VideoIndex> validation, VideoIndex test) {

    /**
     * @param layout the row's layout
     * @param root the dataset root
     * @return the indexes
     * @throws BadInputException if a required list file is missing or unreadable
     */
    public static ExperimentData read(DatasetLayout layout, Path root) throws BadInputException {
        VideoIndex train = layout.read(root, Split.TRAIN);
        Optional<VideoIndex> validation;
        try {
            validation = Optional.of(layout.read(root, Split.VAL));
        } catch (BadInputException e) {
            if (e.reason() != BadInputReason.MISSING_FILE) {
                throw e;
            }
            validation = Optional.empty();
        }
        return new ExperimentData(root, train, validation, layout.read(root, Split.TEST));
    }

    /** @return the class count: the largest label of any part + 1 */
    public int numClasses() {
        Stream<VideoEntry> all = Stream.concat(train.entries().stream(), test.entries().stream());
        if (validation.isPresent()) {
            all = Stream.concat(all, validation.get().entries().stream());
        }
        return all.mapToInt(VideoEntry::label).max().orElse(0) + 1;
    }

    /**
     * @param protocol how clips are made
     * @param batch clips per batch
     * @param seed the training randomness
     * @return random training clips (bad videos skipped and counted)
     * @throws BadInputException never in practice (SKIP policy)
     */
    public VideoClipDataset trainSet(ClipProtocol protocol, int batch, long seed) throws BadInputException {
        return VideoClipDataset.builder().index(train).loader(protocol.trainLoader()).seed(seed)
                .setSampling(batch, true).build();
    }

    /**
     * @param protocol how clips are made
     * @param batch clips per batch
     * @return one centre-view clip per validation video, if there are validation videos
     * @throws BadInputException if a list line was rejected
     */
    public Optional<VideoClipDataset> validationSet(ClipProtocol protocol, int batch) throws BadInputException {
        if (validation.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(VideoClipDataset.builder().index(validation.get()).loader(protocol.testLoader())
                .views(1, 1).policy(BadInputPolicy.FAIL_FAST).setSampling(batch, false).build());
    }

    /**
     * @param protocol how clips and views are made
     * @return every view of every test video (fails on the first bad video: a dropped view biases the score)
     * @throws BadInputException if a list line was rejected
     */
    public VideoClipDataset testSet(ClipProtocol protocol) throws BadInputException {
        return VideoClipDataset.builder().index(test).loader(protocol.testLoader())
                .views(protocol.views().clips(), protocol.views().crops()).policy(BadInputPolicy.FAIL_FAST).build();
    }

    /** @return e.g. {@code 240 training, 20 validation, 20 test videos, 400 classes (3 list lines rejected)} */
    public String describe() {
        long rejected = train.rejected().size() + test.rejected().size()
                + validation.map(v -> v.rejected().size()).orElse(0);
        return String.format(java.util.Locale.ROOT, "%,d training, %s validation, %,d test videos, %d classes%s",
                train.entries().size(), validation.map(v -> String.format("%,d", v.entries().size())).orElse("no"),
                test.entries().size(), numClasses(), rejected == 0 ? "" : " (" + rejected + " list entries rejected)");
    }
}
