package io.github.vov3d.examples.paper;

/**
 * Paper row {@code x3d_l_k400}: X3D-L on Kinetics-400, 16 frames. Trains with the row's reference recipe, runs its
 * multi-view test and prints the top-1 beside the paper's; {@code --dry-run} prints the plan
 * only. Usage: {@code DATASET_ROOT [options]} (see {@link RunArguments#HELP}).
 */
public final class X3dLKinetics400 {
    /** The zoo entry this main reproduces. */
    public static final String ROW = "x3d_l_k400";

    private X3dLKinetics400() {}

    /** @param args {@code DATASET_ROOT [options]} */
    public static void main(String[] args) {
        PaperMain.main(ROW, args);
    }
}
