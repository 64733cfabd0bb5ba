/**
 * Engine-neutral public types of vov3d-java: what users program against without touching a
 * particular deep-learning engine (model names, statistics records, checkpoint errors, NumPy
 * file IO).
 */
module io.github.vov3d.api {
    requires transitive ai.djl.api;

    exports io.github.vov3d.api;
    exports io.github.vov3d.api.npy;
}
