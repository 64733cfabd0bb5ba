/**
 * The {@code vov3d} command-line tool and the example mains that reproduce the paper.
 */
module io.github.vov3d.examples {
    requires io.github.vov3d.api;
    requires io.github.vov3d.blocks;
    requires io.github.vov3d.zoo;
    requires io.github.vov3d.data;
    requires io.github.vov3d.train;
    requires ai.djl.api;

    exports io.github.vov3d.examples.cli;
    exports io.github.vov3d.examples.paper;
}
