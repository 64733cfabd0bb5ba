/**
 * The building blocks of VoV3D and X3D as immutable DJL blocks (D(2+1)D, T-OSA, squeeze-excitation,
 * Swish, the X3D bottleneck, residual blocks and stages, stem and head), the networks assembled
 * from them, their reference state-dict naming, and parameter / MAC statistics.
 */
module io.github.vov3d.blocks {
    requires transitive io.github.vov3d.api;
    requires transitive ai.djl.api;
    requires org.slf4j;

    exports io.github.vov3d.blocks;
    exports io.github.vov3d.blocks.inference;
    exports io.github.vov3d.blocks.network;
    exports io.github.vov3d.blocks.stats;
}
