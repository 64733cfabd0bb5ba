package io.github.vov3d.zoo.repository;

import ai.djl.repository.zoo.ModelZoo;
import io.github.vov3d.api.ModelArchitecture;
import io.github.vov3d.zoo.fetch.FetchOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The VoV3D / X3D model zoo for DJL: group id {@value #GROUP_ID}, one model loader per
 * architecture, one artifact per published checkpoint. Registered through
 * {@link Vov3dZooProvider} (module {@code provides} and {@code META-INF/services}) with the
 * built-in catalogue and default fetch options; build one directly to use another catalogue or
 * cache and pass it with {@code Criteria.optModelZoo}.
 */
public final class Vov3dModelZoo extends ModelZoo {
    /** The group id {@code Criteria.optGroupId} selects this zoo by. */
    public static final String GROUP_ID = "io.github.vov3d";

    private final ZooCatalogue catalogue;
    private final FetchOptions fetchOptions;

    /**
     * @param catalogue the checkpoints to offer
     * @param fetchOptions cache, offline mode, retries and progress for fetching them
     */
    public Vov3dModelZoo(ZooCatalogue catalogue, FetchOptions fetchOptions) {
        this.catalogue = catalogue;
        this.fetchOptions = fetchOptions;
        Map<ModelArchitecture, List<ZooEntry>> byArchitecture = new LinkedHashMap<>();
        for (ZooEntry e : catalogue.entries()) {
            byArchitecture.computeIfAbsent(e.architecture(), a -> new java.util.ArrayList<>()).add(e);
        }
        byArchitecture.forEach((a, list) -> addModel(new ArchitectureModelLoader(a, list, fetchOptions)));
    }

    /** @return the zoo of the reference README's checkpoints with default fetch options */
    public static Vov3dModelZoo builtIn() {
        return new Vov3dModelZoo(ZooCatalogue.builtIn(), FetchOptions.defaults());
    }

    /** @return the checkpoints offered */
    public ZooCatalogue catalogue() {
        return catalogue;
    }

    /** @return how weights are fetched */
    public FetchOptions fetchOptions() {
        return fetchOptions;
    }

    @Override
    public String getGroupId() {
        return GROUP_ID;
    }

    @Override
    public Set<String> getSupportedEngines() {
        return Set.of("PyTorch");
    }
}
