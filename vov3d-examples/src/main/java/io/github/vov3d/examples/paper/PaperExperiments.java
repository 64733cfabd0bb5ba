package io.github.vov3d.examples.paper;

import io.github.vov3d.api.ModelArchitecture;
import io.github.vov3d.zoo.Vov3dZoo;
import io.github.vov3d.zoo.repository.ZooCatalogue;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The rows of the paper's tables (Kinetics-400 and Something-Something V1/V2) as experiments,
 * one per zoo entry. The VoV3D-M "v1" Kinetics checkpoint is a variant of the README, not a
 * table row, and is left out.
 */
public final class PaperExperiments {
    private PaperExperiments() {}

    /** @return every row, in catalogue order */
    public static List<PaperExperiment> all() {
        ZooCatalogue catalogue = Vov3dZoo.catalogue();
        return catalogue.entries().stream()
                .filter(e -> e.architecture() != ModelArchitecture.VOV3D_M_V1)
                .map(e -> PaperExperiment.of(e, catalogue))
                .toList();
    }

    /**
     * @param name a row's name, e.g. {@code x3d_m_k400}
     * @return that row
     * @throws IllegalArgumentException naming the rows when there is none of that name
     */
    public static PaperExperiment named(String name) {
        List<PaperExperiment> rows = all();
        return rows.stream().filter(r -> r.name().equals(name.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown preset '" + name + "'; the paper's rows are: "
                        + rows.stream().map(PaperExperiment::name).collect(Collectors.joining(", "))));
    }
}
