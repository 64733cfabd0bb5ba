package io.github.vov3d.zoo;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.github.vov3d.api.ArchitectureMismatchException.Mismatch;
import io.github.vov3d.api.ModelArchitecture;
import io.github.vov3d.blocks.StateDictNames;
import io.github.vov3d.blocks.network.NetworkBuilder;
import io.github.vov3d.blocks.network.VideoModels;
import io.github.vov3d.blocks.network.VideoNetwork;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tells which architecture a state dict belongs to by comparing its tensor shapes with those
 * of every known architecture, rather than trusting file names: the two published VoV3D-M
 * variants share their weight file names but not their layers. Also produces the precise
 * key-by-key differences used in error messages.
 */
public final class ArchitectureIdentifier {
    /** Preference among architectures with identical layers (X3D-M before XS and S). */
    private static final List<ModelArchitecture> ORDER = List.of(
            ModelArchitecture.VOV3D_M, ModelArchitecture.VOV3D_M_V1, ModelArchitecture.VOV3D_L,
            ModelArchitecture.X3D_M, ModelArchitecture.X3D_XS, ModelArchitecture.X3D_S,
            ModelArchitecture.X3D_L);
    private static final String CLASSIFIER = "head.projection.weight";

    private ArchitectureIdentifier() {}

    /**
     * @param shapes the checkpoint's key → shape (BN counters may be included)
     * @return the matching architecture, if any fits exactly
     */
    public static Optional<ArchitectureMatch> identify(Map<String, long[]> shapes) {
        int classes = classCount(shapes);
        if (classes <= 0) {
            return Optional.empty();
        }
        List<ModelArchitecture> fits = new ArrayList<>();
        for (ModelArchitecture a : ORDER) {
            if (compare(expectedShapes(VideoModels.builder(a).numClasses(classes)), shapes).isEmpty()) {
                fits.add(a);
            }
        }
        if (fits.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ArchitectureMatch(fits.get(0), classes, fits.subList(1, fits.size())));
    }

    /**
     * @param shapes a state dict's key → shape
     * @return the classifier's class count, or -1 if the file has no classifier
     */
    public static int classCount(Map<String, long[]> shapes) {
        long[] w = shapes.get(CLASSIFIER);
        return w != null && w.length == 2 ? (int) w[0] : -1;
    }

    /**
     * Every parameter of a network with its shape, keyed by reference name. Allocates the
     * parameters once in a scratch manager (a few MB) and frees them.
     *
     * @param builder a configured network builder
     * @return key → shape, in state-dict order (without BN counters)
     */
    public static Map<String, long[]> expectedShapes(NetworkBuilder<?> builder) {
        VideoNetwork network = builder.build();
        return shapesOf(network, builder.frames(), builder.trainCrop());
    }

    /**
     * @param network a network (initialised or not)
     * @param frames a clip length the head accepts
     * @param crop a crop the head accepts
     * @return key → shape of every parameter
     */
    static Map<String, long[]> shapesOf(VideoNetwork network, int frames, int crop) {
        Map<String, long[]> out = new LinkedHashMap<>();
        if (!network.isInitialized()) {
            try (NDManager scratch = NDManager.newBaseManager()) {
                network.initialize(scratch, DataType.FLOAT32, new Shape(1, 3, frames, crop, crop));
                collect(network, out);
            }
        } else {
            collect(network, out);
        }
        return out;
    }

    private static void collect(VideoNetwork network, Map<String, long[]> out) {
        for (Map.Entry<String, Parameter> e : StateDictNames.of(network).entrySet()) {
            out.put(e.getKey(), e.getValue().getArray().getShape().getShape());
        }
    }

    /**
     * Differences between what a network needs and what a file holds. BN counters
     * ({@code num_batches_tracked}) in the file are not differences.
     *
     * @param expected the network's key → shape
     * @param found the file's key → shape
     * @return every missing, unexpected or differently shaped key, network order first
     */
    public static List<Mismatch> compare(Map<String, long[]> expected, Map<String, long[]> found) {
        List<Mismatch> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            long[] f = found.get(e.getKey());
            seen.add(e.getKey());
            if (f == null || !java.util.Arrays.equals(f, e.getValue())) {
                out.add(new Mismatch(e.getKey(), e.getValue(), f));
            }
        }
        for (Map.Entry<String, long[]> f : found.entrySet()) {
            if (!seen.contains(f.getKey()) && !StateDictNames.isBatchCounter(f.getKey())) {
                out.add(new Mismatch(f.getKey(), null, f.getValue()));
            }
        }
        return out;
    }
}
