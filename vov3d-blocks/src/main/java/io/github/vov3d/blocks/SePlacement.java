package io.github.vov3d.blocks;

/**
 * Which units of a sequence get a squeeze-excitation block. X3D puts SE on every other residual
 * block of a stage and VoV3D on every other D(2+1)D unit of a T-OSA, both starting at index 0:
 * half the recalibration at half the cost.
 */
public enum SePlacement {
    /** No SE anywhere. */
    NONE,
    /** SE on units 0, 2, 4, … (the paper's default). */
    EVEN,
    /** SE on every unit. */
    ALL;

    /**
     * @param index the unit's position in its sequence, from 0
     * @return whether that unit has SE
     */
    public boolean appliesTo(int index) {
        return switch (this) {
            case NONE -> false;
            case EVEN -> index % 2 == 0;
            case ALL -> true;
        };
    }
}
