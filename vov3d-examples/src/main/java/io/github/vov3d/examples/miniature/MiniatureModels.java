package io.github.vov3d.examples.miniature;

import io.github.vov3d.blocks.SePlacement;
import io.github.vov3d.blocks.TemporalOneShotAggregation;
import io.github.vov3d.blocks.TransformFactory;
import io.github.vov3d.blocks.X3DBottleneck;
import io.github.vov3d.blocks.X3DHead;
import io.github.vov3d.blocks.network.VideoNetwork;

/**
 * The two networks of the miniature experiment, scaled down from X3D-M and VoV3D-M for
 * T × 32 × 32 clips: the same X3D stem (width 12) and head (conv_5 96, lin_5 128), two
 * residual stages with output widths 24 and 48 and stride 2 each, so the networks differ only
 * in their residual transforms, the variable the paper studies.
 * <ul>
 *   <li>{@code x3d_mini}: X3D bottlenecks (1×1×1 expand, 3×3×3 channelwise, SE on even blocks),
 *       depths 2 and 3, inner widths 2.25 × the output (54, 108);</li>
 *   <li>{@code vov3d_mini}: T-OSA blocks of 3 D(2+1)D units (1×3×3 then 3×1×1 depthwise, SE on
 *       even units) aggregated once, depths 1 and 2, inner widths 40 and 64, chosen so that the MACs match
 *       X3D's within a few percent.</li>
 * </ul>
 * The networks downsample 8× instead of 32×, so the head is built for a crop four times the
 * real one and its pool leaves exactly one position.
 */
public final class MiniatureModels {
    /** Name of the X3D-style network. */
    public static final String X3D = "x3d_mini";
    /** Name of the VoV3D-style network. */
    public static final String VOV3D = "vov3d_mini";

    private static final int STEM = 12;
    private static final int[] OUT = {24, 48};
    private static final int HEAD_INNER = 96;
    private static final int LIN5 = 128;

    private MiniatureModels() {}

    /**
     * @param name {@link #X3D} or {@link #VOV3D}
     * @param geometry clip sizes (frames and crop size the head)
     * @param dropout dropout before the classifier
     * @return a fresh, uninitialised network for the eight {@link Motion} classes
     */
    public static VideoNetwork build(String name, ClipGeometry geometry, float dropout) {
        return switch (name) {
            case X3D -> network(new int[] {2, 3}, new int[] {54, 108},
                    X3DBottleneck.factory(X3DBottleneck.builder(), SePlacement.EVEN), geometry, dropout);
            case VOV3D -> network(new int[] {1, 2}, new int[] {40, 64},
                    TemporalOneShotAggregation.factory(TemporalOneShotAggregation.builder().numUnits(3)),
                    geometry, dropout);
            default -> throw new IllegalArgumentException("unknown miniature model '" + name
                    + "'; known: " + X3D + ", " + VOV3D);
        };
    }

    private static VideoNetwork network(int[] depths, int[] inner, TransformFactory transform,
            ClipGeometry g, float dropout) {
        VideoNetwork.Builder b = VideoNetwork.builder().stem(STEM);
        for (int i = 0; i < depths.length; i++) {
            b.stage(depths[i], inner[i], OUT[i], transform);
        }
        return b.head(X3DHead.builder().innerChannels(HEAD_INNER).lin5Channels(LIN5)
                        .numClasses(Motion.values().length).frames(g.frames()).trainCrop(4 * g.crop())
                        .dropout(dropout))
                .build();
    }
}
