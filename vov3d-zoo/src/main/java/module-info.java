/**
 * PySlowFast checkpoint import and the VoV3D / X3D model zoo: a safe pure-Java reader and
 * writer of {@code torch.save} checkpoints, and the loading of their weights into networks.
 */
module io.github.vov3d.zoo {
    requires transitive io.github.vov3d.api;
    requires transitive io.github.vov3d.blocks;
    requires transitive ai.djl.api;
    requires org.slf4j;
    requires com.google.gson;
    requires com.google.common;

    exports io.github.vov3d.zoo;
    exports io.github.vov3d.zoo.checkpoint;
}
