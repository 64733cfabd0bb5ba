package io.github.vov3d.blocks.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.vov3d.api.ModelStatistics;
import io.github.vov3d.blocks.network.NetworkBuilder;
import io.github.vov3d.blocks.network.VoV3D;
import io.github.vov3d.blocks.network.X3D;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins parameter counts and GMACs to the measured reference table
 * ({@code shared/spec/vov3d-facts.md}): exact parameters, MACs within 0.01 G.
 */
class ComplexityCounterTest {

    static Stream<Arguments> referenceTable() {
        return Stream.of(
                row("VoV3D-M K400", VoV3D::medium, 400, 16, 3_667_360, 4.917, 6.426),
                row("VoV3D-L K400", VoV3D::large, 400, 16, 6_297_168, 9.307, 12.160),
                row("X3D-M K400", X3D::m, 400, 16, 3_794_322, 4.732, 6.186),
                row("X3D-L K400", X3D::l, 400, 16, 6_153_432, 9.163, 11.972),
                row("VoV3D-M SSv1 16f", VoV3D::medium, 174, 16, 3_204_286, 4.916, 6.424),
                row("VoV3D-M SSv1 32f", VoV3D::medium, 174, 32, 3_204_286, 9.832, 12.844),
                row("VoV3D-M v1 SSv1", VoV3D::mediumV1, 174, 16, 3_337_374, Double.NaN, 5.774),
                row("VoV3D-M v1 K400", VoV3D::mediumV1, 400, 16, 3_800_448, 4.419, Double.NaN),
                row("VoV3D-L SS 16f", VoV3D::large, 174, 16, 5_834_094, 9.306, 12.158),
                row("VoV3D-L SS 32f", VoV3D::large, 174, 32, 5_834_094, 18.611, 24.312),
                row("X3D-M SS", X3D::m, 174, 16, 3_331_248, 4.732, 6.184),
                row("X3D-L SS", X3D::l, 174, 16, 5_690_358, 9.162, 11.970));
    }

    private static Arguments row(String name, Supplier<? extends NetworkBuilder<?>> preset,
            int classes, int frames, long params, double gmacs224, double gmacs256) {
        return Arguments.of(name, preset, classes, frames, params, gmacs224, gmacs256);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceTable")
    void matchesReferenceTable(String name, Supplier<? extends NetworkBuilder<?>> preset,
            int classes, int frames, long params, double gmacs224, double gmacs256) {
        var network = preset.get().numClasses(classes).frames(frames).trainCrop(224).build();
        ModelStatistics at224 = ComplexityCounter.count(network, frames, 224, 224);
        ModelStatistics at256 = ComplexityCounter.count(network, frames, 256, 256);
        assertEquals(params, at224.parameters(), name + " parameters");
        if (!Double.isNaN(gmacs224)) {
            assertEquals(gmacs224, at224.gigaMacs(), 0.01, name + " GMACs @224");
        }
        if (!Double.isNaN(gmacs256)) {
            assertEquals(gmacs256, at256.gigaMacs(), 0.01, name + " GMACs @256");
        }
    }
}
