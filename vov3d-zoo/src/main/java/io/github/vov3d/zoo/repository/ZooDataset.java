package io.github.vov3d.zoo.repository;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The data sets the published weights were trained on, with their class names. Index order is
 * the order the reference's data loaders use: Kinetics-400 alphabetical (as the official class
 * list and PySlowFast's {@code kinetics_classnames.json}); Something-Something V2 as in
 * {@code something-something-v2-labels.json} (alphabetical templates). For V1 the order of
 * {@code something-something-v1-labels.csv} could not be verified offline, so its names are
 * placeholders until the user supplies that file (see {@code docs/zoo.md}).
 */
public enum ZooDataset {
    /** Kinetics-400: 400 human actions from YouTube. */
    KINETICS_400("k400", "Kinetics-400", 400, "model-zoo/labels/kinetics400.txt"),
    /** Something-Something V1: 174 object-interaction templates, JPEG frames. */
    SOMETHING_SOMETHING_V1("ssv1", "Something-Something V1", 174, null),
    /** Something-Something V2: the same 174 templates, webm videos. */
    SOMETHING_SOMETHING_V2("ssv2", "Something-Something V2", 174, "model-zoo/labels/something-something-v2.txt");

    private final String id;
    private final String title;
    private final int numClasses;
    private final String labelResource;

    ZooDataset(String id, String title, int numClasses, String labelResource) {
        this.id = id;
        this.title = title;
        this.numClasses = numClasses;
        this.labelResource = labelResource;
    }

    /** @return the short name used in filters and entry names, e.g. {@code ssv2} */
    public String id() {
        return id;
    }

    /** @return the full name */
    public String title() {
        return title;
    }

    /** @return the class count of the published classifiers */
    public int numClasses() {
        return numClasses;
    }

    /** @return whether {@link #classNames()} are the verified official names */
    public boolean hasVerifiedClassNames() {
        return labelResource != null;
    }

    /**
     * @return one name per class index: the official names, or {@code class_<i>} placeholders
     *     where the official order is not shipped
     */
    public List<String> classNames() {
        if (labelResource == null) {
            return IntStream.range(0, numClasses).mapToObj(i -> "class_" + i).toList();
        }
        try (InputStream in = ZooDataset.class.getModule().getResourceAsStream(labelResource)) {
            if (in == null) {
                throw new IllegalStateException("class-name resource " + labelResource
                        + " is missing from the vov3d-zoo jar; the build is broken");
            }
            List<String> names = new ArrayList<>(new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines().filter(l -> !l.isBlank()).toList());
            if (names.size() != numClasses) {
                throw new IllegalStateException(labelResource + " holds " + names.size()
                        + " names, expected " + numClasses);
            }
            return List.copyOf(names);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + labelResource, e);
        }
    }

    /**
     * @param id a short name ({@code k400}, {@code ssv1}, {@code ssv2}), case-insensitive
     * @return the data set
     * @throws IllegalArgumentException naming the valid ones
     */
    public static ZooDataset fromId(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(d -> d.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown data set '" + id + "'; known: "
                        + Arrays.stream(values()).map(ZooDataset::id).collect(Collectors.joining(", "))));
    }
}
