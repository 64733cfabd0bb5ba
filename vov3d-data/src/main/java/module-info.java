/**
 * Video decoding, temporal and spatial sampling, and the Kinetics / Something-Something
 * datasets in the PySlowFast layout.
 */
module io.github.vov3d.data {
    requires transitive io.github.vov3d.api;
    requires transitive ai.djl.api;
    requires org.bytedeco.javacpp;
    requires org.bytedeco.ffmpeg;
    requires org.slf4j;
    requires com.google.gson;

    exports io.github.vov3d.data.media;
    exports io.github.vov3d.data.sampling;
    exports io.github.vov3d.data.transform;
    exports io.github.vov3d.data.dataset;
    exports io.github.vov3d.data.check;
}
