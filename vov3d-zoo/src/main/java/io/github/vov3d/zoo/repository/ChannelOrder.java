package io.github.vov3d.zoo.repository;

/**
 * The colour channel order a network was trained on. Clips are always given as RGB; a BGR
 * network (the reference's X3D-L Something-Something configs never reverse OpenCV's BGR frames)
 * gets its channels flipped before inference.
 */
public enum ChannelOrder {
    /** Red, green, blue. */
    RGB,
    /** Blue, green, red. */
    BGR
}
