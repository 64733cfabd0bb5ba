/**
 * PySlowFast checkpoint import and the VoV3D / X3D model zoo: a safe pure-Java reader and
 * writer of {@code torch.save} checkpoints, the loading of their weights into networks, the
 * catalogue of every published checkpoint as a DJL model zoo, and safe, resumable fetching of
 * their weights.
 */
module io.github.vov3d.zoo {
    requires transitive io.github.vov3d.api;
    requires transitive io.github.vov3d.blocks;
    requires transitive ai.djl.api;
    requires org.slf4j;
    requires com.google.gson;
    requires com.google.common;
    // Compile-time only, for the tests: surefire patches them into this module and the fetch
    // tests serve weights with the JDK's HttpServer. 'static' keeps it optional at run time.
    requires static jdk.httpserver;

    exports io.github.vov3d.zoo;
    exports io.github.vov3d.zoo.checkpoint;
    exports io.github.vov3d.zoo.fetch;
    exports io.github.vov3d.zoo.repository;

    provides ai.djl.repository.zoo.ZooProvider with io.github.vov3d.zoo.repository.Vov3dZooProvider;
}
