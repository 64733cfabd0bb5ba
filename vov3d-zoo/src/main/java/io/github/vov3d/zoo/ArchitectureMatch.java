package io.github.vov3d.zoo;

import io.github.vov3d.api.ModelArchitecture;
import java.util.List;

/**
 * What a checkpoint's tensor shapes say it is. X3D-XS, -S and -M share every layer, so a file
 * that fits one fits all three: {@link #architecture()} is then X3D-M (the paper's baseline)
 * and the others are listed in {@link #alternatives()}.
 *
 * @param architecture the architecture the weights fit
 * @param numClasses the classifier's class count
 * @param alternatives other architectures with the same tensor shapes
 */
public record ArchitectureMatch(
        ModelArchitecture architecture, int numClasses, List<ModelArchitecture> alternatives) {

    /** Copies the alternatives. */
    public ArchitectureMatch {
        alternatives = List.copyOf(alternatives);
    }
}
