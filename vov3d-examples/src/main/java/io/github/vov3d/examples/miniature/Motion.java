package io.github.vov3d.examples.miniature;

import java.util.List;

/**
 * The eight classes of the miniature Something-Something task. Each is defined by how a scene
 * <em>changes</em>, never by how it looks: every class is played backwards by another class
 * ({@link #reversed()}), so a model that ignores the order of frames cannot score above chance
 * on the pairs, and a single frame is compatible with at least two classes.
 */
public enum Motion {
    /** An object moves to the left. */
    MOVING_LEFT("moving something left"),
    /** An object moves to the right. */
    MOVING_RIGHT("moving something right"),
    /** An object moves up. */
    MOVING_UP("moving something up"),
    /** An object moves down. */
    MOVING_DOWN("moving something down"),
    /** An object grows (comes closer). */
    APPROACHING("something approaching the camera"),
    /** An object shrinks (goes away). */
    RECEDING("something moving away from the camera"),
    /** An object is absent at first and present later. */
    APPEARING("something appearing"),
    /** An object is present at first and absent later. */
    DISAPPEARING("something disappearing");

    private final String description;

    Motion(String description) {
        this.description = description;
    }

    /** @return what happens in a video of this class, in words */
    public String description() {
        return description;
    }

    /** @return the class a video of this class shows when played backwards */
    public Motion reversed() {
        return switch (this) {
            case MOVING_LEFT -> MOVING_RIGHT;
            case MOVING_RIGHT -> MOVING_LEFT;
            case MOVING_UP -> MOVING_DOWN;
            case MOVING_DOWN -> MOVING_UP;
            case APPROACHING -> RECEDING;
            case RECEDING -> APPROACHING;
            case APPEARING -> DISAPPEARING;
            case DISAPPEARING -> APPEARING;
        };
    }

    /** @return the class names in label order, for prediction files */
    public static List<String> names() {
        return List.of(values()).stream().map(Motion::description).toList();
    }
}
