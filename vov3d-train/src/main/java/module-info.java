/**
 * Training and evaluation of VoV3D / X3D networks with the paper's recipes.
 */
module io.github.vov3d.train {
    requires transitive io.github.vov3d.api;
    requires transitive io.github.vov3d.blocks;
    requires transitive io.github.vov3d.zoo;
    requires transitive ai.djl.api;
    requires com.google.gson;
    requires org.slf4j;
    requires java.desktop;
    requires org.knowm.xchart;
    exports io.github.vov3d.train;
    exports io.github.vov3d.train.report;
}
