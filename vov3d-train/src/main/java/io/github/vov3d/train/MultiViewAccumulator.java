package io.github.vov3d.train;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The multi-view test of the paper: every video is seen as several clips × crops, the softmax
 * outputs of its views are summed, and the video is scored on the sum (PySlowFast's test
 * ensembling). Views may arrive in any order and batch; a video's label must not change.
 */
public final class MultiViewAccumulator {
    private final int numClasses;
    private final Map<Long, float[]> sums = new TreeMap<>();
    private final Map<Long, Integer> labels = new TreeMap<>();
    private final Map<Long, Integer> views = new TreeMap<>();

    /** @param numClasses the classifier's class count */
    public MultiViewAccumulator(int numClasses) {
        if (numClasses <= 0) {
            throw new IllegalArgumentException("numClasses must be positive");
        }
        this.numClasses = numClasses;
    }

    /**
     * @param probabilities one row of class probabilities for one view
     * @param videoId the video the view belongs to
     * @param label the video's class
     */
    public void add(float[] probabilities, long videoId, int label) {
        if (probabilities.length != numClasses) {
            throw new IllegalArgumentException("expected " + numClasses + " scores, got " + probabilities.length);
        }
        Integer previous = labels.putIfAbsent(videoId, label);
        if (previous != null && previous != label) {
            throw new IllegalArgumentException("video " + videoId + " has views labelled "
                    + previous + " and " + label + "; the test list is inconsistent");
        }
        float[] sum = sums.computeIfAbsent(videoId, id -> new float[numClasses]);
        for (int i = 0; i < numClasses; i++) {
            sum[i] += probabilities[i];
        }
        views.merge(videoId, 1, Integer::sum);
    }

    /** @return accuracy over videos (each scored on its summed views) */
    public Accuracy accuracy() {
        Accuracy total = Accuracy.NONE;
        for (Map.Entry<Long, float[]> e : sums.entrySet()) {
            total = total.plus(Accuracy.of(e.getValue(), labels.get(e.getKey())));
        }
        return total;
    }

    /** @return how many views each video received */
    public Map<Long, Integer> viewCounts() {
        return Map.copyOf(views);
    }

    /**
     * Writes one CSV line per video: id, label, views, the five best classes with their mean
     * probability. Atomic (temporary file, then rename).
     *
     * @param file the CSV file
     * @param classNames names by class index, or an empty list to print indices
     * @throws IOException if it cannot be written
     */
    public void writePredictions(Path file, List<String> classNames) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write("video,label,views,top5\n");
            for (Map.Entry<Long, float[]> e : sums.entrySet()) {
                int count = views.get(e.getKey());
                Integer[] order = new Integer[numClasses];
                Arrays.setAll(order, i -> i);
                float[] s = e.getValue();
                Arrays.sort(order, (a, b) -> Float.compare(s[b], s[a]));
                StringBuilder top = new StringBuilder();
                for (int k = 0; k < Math.min(5, numClasses); k++) {
                    int c = order[k];
                    String name = c < classNames.size() ? classNames.get(c) : Integer.toString(c);
                    top.append(k == 0 ? "" : " ").append(name.replace(',', ';').replace(' ', '_'))
                            .append(String.format(Locale.ROOT, ":%.4f", s[c] / count));
                }
                w.write(e.getKey() + "," + labels.get(e.getKey()) + "," + count + "," + top + "\n");
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
