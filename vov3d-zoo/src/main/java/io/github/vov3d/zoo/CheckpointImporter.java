package io.github.vov3d.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.github.vov3d.api.ArchitectureMismatchException;
import io.github.vov3d.api.ArchitectureMismatchException.Mismatch;
import io.github.vov3d.blocks.StateDictNames;
import io.github.vov3d.blocks.network.VideoNetwork;
import io.github.vov3d.zoo.checkpoint.StoredTensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Copies a PySlowFast state dict into an initialised network. Strict by default: every tensor
 * must be present with the right shape, and if not, the error lists each difference and names
 * the architecture the file does fit. For fine-tuning, the classifier may be left at its
 * initialisation when its class count differs (PySlowFast's non-strict load does the same).
 */
public final class CheckpointImporter {
    private static final int LISTED_MISMATCHES = 12;
    private static final String CLASSIFIER_PREFIX = "head.projection.";

    private CheckpointImporter() {}

    /**
     * What an import did.
     *
     * @param loaded number of tensors copied
     * @param skipped keys left at their initial values (only the classifier, when allowed)
     */
    public record ImportReport(int loaded, List<String> skipped) {
        /** Copies the list. */
        public ImportReport {
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * @param network an initialised network
     * @param state the checkpoint's model state
     * @param source where the state came from, for messages
     * @param networkName the network's name for messages (e.g. {@code vov3d_m})
     * @param keepInitialClassifier leave a classifier of another class count untouched
     * @return what was loaded
     * @throws ArchitectureMismatchException listing every difference
     */
    public static ImportReport load(VideoNetwork network, Map<String, StoredTensor> state,
            String source, String networkName, boolean keepInitialClassifier)
            throws ArchitectureMismatchException {
        Map<String, Parameter> parameters = StateDictNames.of(network);
        Map<String, long[]> expected = new LinkedHashMap<>();
        parameters.forEach((k, p) -> expected.put(k, p.getArray().getShape().getShape()));
        Map<String, long[]> found = shapes(state);
        List<Mismatch> mismatches = new ArrayList<>(ArchitectureIdentifier.compare(expected, found));
        List<String> skipped = new ArrayList<>();
        if (keepInitialClassifier) {
            mismatches.removeIf(m -> {
                boolean classifier = m.key().startsWith(CLASSIFIER_PREFIX)
                        && m.expected() != null && m.found() != null;
                if (classifier) {
                    skipped.add(m.key());
                }
                return classifier;
            });
        }
        if (!mismatches.isEmpty()) {
            throw mismatch(source, networkName, expected, found, mismatches);
        }
        int loaded = 0;
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            if (skipped.contains(e.getKey())) {
                continue;
            }
            NDArray target = e.getValue().getArray();
            target.set(state.get(e.getKey()).toFloatArray());
            loaded++;
        }
        return new ImportReport(loaded, skipped);
    }

    /**
     * @param state a model state
     * @return key → shape
     */
    public static Map<String, long[]> shapes(Map<String, StoredTensor> state) {
        Map<String, long[]> out = new LinkedHashMap<>();
        state.forEach((k, t) -> out.put(k, t.shape()));
        return out;
    }

    private static ArchitectureMismatchException mismatch(String source, String networkName,
            Map<String, long[]> expected, Map<String, long[]> found, List<Mismatch> mismatches) {
        int expectedClasses = ArchitectureIdentifier.classCount(expected);
        int foundClasses = ArchitectureIdentifier.classCount(found);
        boolean onlyClassifier = mismatches.stream().allMatch(m -> m.key().startsWith(CLASSIFIER_PREFIX));
        StringBuilder msg = new StringBuilder();
        msg.append(String.format(Locale.ROOT,
                "checkpoint %s does not fit %s with %d classes: %d of %d tensors differ:%n",
                source, networkName, expectedClasses, mismatches.size(), expected.size()));
        mismatches.stream().limit(LISTED_MISMATCHES).forEach(m -> msg.append("  ").append(m).append('\n'));
        if (mismatches.size() > LISTED_MISMATCHES) {
            msg.append("  … and ").append(mismatches.size() - LISTED_MISMATCHES).append(" more\n");
        }
        String suggestion = null;
        if (onlyClassifier && foundClasses > 0) {
            msg.append(String.format(Locale.ROOT,
                    "Only the classifier differs: the file has %d classes. Build the network with "
                            + "%d classes (CLI: --classes %d), or, to fine-tune on %d classes, load "
                            + "with the classifier re-initialised.",
                    foundClasses, foundClasses, foundClasses, expectedClasses));
        } else {
            var match = ArchitectureIdentifier.identify(found);
            if (match.isPresent()) {
                suggestion = match.get().architecture().id();
                msg.append(String.format(Locale.ROOT,
                        "The file looks like %s with %d classes%s: build that model instead "
                                + "(CLI: --model %s --classes %d).",
                        suggestion, match.get().numClasses(),
                        match.get().alternatives().isEmpty() ? "" : " (same layers as "
                                + match.get().alternatives().stream().map(a -> a.id())
                                        .collect(Collectors.joining(", ")) + ")",
                        suggestion, match.get().numClasses()));
            } else {
                msg.append("The file matches none of the known architectures (")
                        .append(knownIds())
                        .append("); was it written by another network or a different config?");
            }
        }
        return new ArchitectureMismatchException(msg.toString(), mismatches, suggestion);
    }

    private static String knownIds() {
        return java.util.Arrays.stream(io.github.vov3d.api.ModelArchitecture.values())
                .map(a -> a.id()).collect(Collectors.joining(", "));
    }
}
