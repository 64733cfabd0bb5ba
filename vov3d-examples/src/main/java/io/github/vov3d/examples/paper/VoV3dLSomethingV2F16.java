package io.github.vov3d.examples.paper;

/**
 * Paper row {@code vov3d_l_ssv2_f16}: VoV3D-L on Something-Something V2, 16 frames. Trains with the row's reference recipe, runs its
 * multi-view test and prints the top-1 beside the paper's; {@code --dry-run} prints the plan
 * only. Usage: {@code DATASET_ROOT [options]} (see {@link RunArguments#HELP}).
 */
public final class VoV3dLSomethingV2F16 {
    /** The zoo entry this main reproduces. */
    public static final String ROW = "vov3d_l_ssv2_f16";

    private VoV3dLSomethingV2F16() {}

    /** @param args {@code DATASET_ROOT [options]} */
    public static void main(String[] args) {
        PaperMain.main(ROW, args);
    }
}
