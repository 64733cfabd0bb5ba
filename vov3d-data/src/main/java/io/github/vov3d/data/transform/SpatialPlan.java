package io.github.vov3d.data.transform;

/**
 * The spatial decisions for one clip, drawn once and applied to every frame (as the reference
 * does): the short side to resize to, the crop in resized coordinates, and the flip.
 *
 * @param shortSide short side after resizing
 * @param resizedWidth frame width after resizing
 * @param resizedHeight frame height after resizing
 * @param crop the crop inside the resized frame
 * @param flip mirror horizontally
 */
public record SpatialPlan(int shortSide, int resizedWidth, int resizedHeight, CropBox crop, boolean flip) {
    /** Checks that the crop lies inside the resized frame. */
    public SpatialPlan {
        if (crop.x() + crop.width() > resizedWidth || crop.y() + crop.height() > resizedHeight) {
            throw new IllegalArgumentException(crop + " lies outside " + resizedWidth + "x" + resizedHeight);
        }
    }
}
