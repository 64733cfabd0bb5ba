/**
 * Training and evaluation of VoV3D / X3D networks with the paper's recipes.
 */
module io.github.vov3d.train {
    requires transitive io.github.vov3d.api;
    requires transitive io.github.vov3d.blocks;
    requires transitive ai.djl.api;
}
