package io.github.vov3d.blocks.network;

import io.github.vov3d.api.ModelArchitecture;

/**
 * Builds any {@link ModelArchitecture} by name, the entry point for tools and the model zoo.
 * Returns a preset builder so callers can still change classes, frames and crop.
 */
public final class VideoModels {
    private VideoModels() {}

    /**
     * @param architecture the architecture
     * @return its preset builder, with the architecture's own frames and training crop
     */
    public static NetworkBuilder<?> builder(ModelArchitecture architecture) {
        NetworkBuilder<?> builder = switch (architecture) {
            case VOV3D_M -> VoV3D.medium();
            case VOV3D_M_V1 -> VoV3D.mediumV1();
            case VOV3D_L -> VoV3D.large();
            case X3D_XS -> X3D.xs();
            case X3D_S -> X3D.s();
            case X3D_M -> X3D.m();
            case X3D_L -> X3D.l();
        };
        return builder.frames(architecture.defaultFrames()).trainCrop(architecture.defaultTrainCrop());
    }
}
