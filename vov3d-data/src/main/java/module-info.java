/**
 * Video decoding, temporal and spatial sampling, and the Kinetics / Something-Something
 * datasets in the PySlowFast layout.
 */
module io.github.vov3d.data {
    requires transitive io.github.vov3d.api;
    requires transitive ai.djl.api;
}
