package io.github.vov3d.zoo.repository;

import ai.djl.modality.Classifications;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.List;

/**
 * From a clip of raw frames to top-k class names with probabilities, applying the zoo entry's
 * own normalisation and channel order. The clip is a {@code T×H×W×3} array of RGB values in
 * [0, 255], already resized and cropped (the zoo does not depend on a video decoder); clips
 * larger than the training crop or longer than the training clip run fully convolutionally,
 * as in the reference's multi-crop testing. Thread-safe (immutable); batching is supported.
 */
public final class ClipClassificationTranslator implements Translator<NDArray, Classifications> {
    private final ClipNormalisation normalisation;
    private final List<String> classNames;
    private final int topK;
    private final int minFrames;
    private final int minSize;

    /**
     * @param normalisation the entry's normalisation
     * @param classNames one name per class index
     * @param topK how many classes {@link Classifications#topK()} reports
     * @param minFrames the shortest clip the head accepts (its training clip length)
     * @param minSize the smallest height and width the head accepts (its training crop)
     */
    public ClipClassificationTranslator(ClipNormalisation normalisation, List<String> classNames,
            int topK, int minFrames, int minSize) {
        if (topK < 1 || minFrames < 1 || minSize < 1 || classNames.isEmpty()) {
            throw new IllegalArgumentException("topK, sizes and the class list must be positive/non-empty");
        }
        this.normalisation = normalisation;
        this.classNames = List.copyOf(classNames);
        this.topK = topK;
        this.minFrames = minFrames;
        this.minSize = minSize;
    }

    /**
     * @param entry a zoo entry
     * @param topK how many classes to report
     * @return the translator for that entry's network
     */
    public static ClipClassificationTranslator of(ZooEntry entry, int topK) {
        return new ClipClassificationTranslator(ClipNormalisation.of(entry), entry.classNames(), topK,
                entry.frames(), entry.trainCrop());
    }

    @Override
    public NDList processInput(TranslatorContext ctx, NDArray clip) {
        long[] s = clip.getShape().getShape();
        if (s.length != 4 || s[3] != 3) {
            throw new IllegalArgumentException("a clip must be T×H×W×3 RGB frames (values 0-255, "
                    + "already cropped), got shape " + clip.getShape());
        }
        if ((s[0] < minFrames || s[1] < minSize || s[2] < minSize)) {
            throw new IllegalArgumentException("clip " + clip.getShape() + " is smaller than the "
                    + "network's training clip (" + minFrames + " frames of " + minSize + "×" + minSize
                    + "); sample at least that many frames and crop at least that size");
        }
        return new NDList(normalisation.apply(clip, ctx.getNDManager()));
    }

    @Override
    public Classifications processOutput(TranslatorContext ctx, NDList list) {
        NDArray probabilities = list.singletonOrThrow();
        if (probabilities.getShape().size() != classNames.size()) {
            throw new IllegalStateException("network returned " + probabilities.getShape()
                    + " scores for " + classNames.size() + " class names");
        }
        return new Classifications(classNames, probabilities.reshape(-1), topK);
    }
}
