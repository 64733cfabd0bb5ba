package io.github.vov3d.blocks;

import ai.djl.nn.Block;

/**
 * Creates the residual branch of one block. Choosing the factory per stage is how a custom
 * network mixes X3D bottlenecks and T-OSA transforms, the way PySlowFast's {@code TRANS_FUNC}
 * selects the transform by name.
 */
@FunctionalInterface
public interface TransformFactory {
    /**
     * @param context widths, stride and position of the block
     * @return a block mapping {@code inChannels} to {@code outChannels} with the given stride
     */
    Block create(TransformContext context);
}
