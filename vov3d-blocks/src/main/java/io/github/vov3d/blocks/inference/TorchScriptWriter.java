package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;
import io.github.vov3d.blocks.Nonlinearity;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the TorchScript source of one compiled stage: the {@code forward} body that compiled
 * ops write into ({@link InferenceOp#emit}) and the folded weight arrays it reads. Why a stage
 * is written as one TorchScript function: run op by op, every step of the pass is a JNI call
 * that creates and frees a Java array object, and every libtorch kernel reached through a
 * generated module pays the module call again; together about a fifth of VoV3D-M's pass at
 * 224×224 and a third of it on a 32×32 clip. Inside one function libtorch's interpreter
 * dispatches the same operators itself.
 *
 * <p>The weights are not stored in the module: they stay the compiled network's arrays and are
 * passed as a {@code List[Tensor]} argument, so the module holds no copy and nothing is
 * serialised but source.
 */
final class TorchScriptWriter {
    /** The list argument DJL's engine builds from inputs named {@code w[]}. */
    static final String WEIGHTS_NAME = "w[]";

    /** An empty {@code Scalar?[]} as TorchScript source (an empty list literal has no type). */
    private static final String NO_SCALARS = "annotate(List[Optional[number]], [])";

    private final StringBuilder body = new StringBuilder();
    private final List<NDArray> weights = new ArrayList<>();
    private final Map<NDArray, Integer> positions = new IdentityHashMap<>();
    private int variables;

    /**
     * @param weight a folded weight the stage reads
     * @return the expression that reads it inside {@code forward}
     */
    String weight(NDArray weight) {
        Integer at = positions.get(weight);
        if (at == null) {
            at = weights.size();
            positions.put(weight, at);
            weights.add(weight);
        }
        return "w[" + at + "]";
    }

    /**
     * @param expression a TorchScript expression
     * @return a fresh variable now holding its value
     */
    String let(String expression) {
        String name = "v" + variables++;
        body.append("  ").append(name).append(" = ").append(expression).append('\n');
        return name;
    }

    /** @param statement a statement whose value is not kept (an in-place update) */
    void run(String statement) {
        body.append("  ").append(statement).append('\n');
    }

    /**
     * Applies an activation in place, as the compiled ops do on arrays they own.
     *
     * @param activation the activation
     * @param y the variable holding an array this stage created
     */
    void activateInPlace(Nonlinearity activation, String y) {
        run(inPlace(activation, y));
    }

    /**
     * @param activation the activation
     * @param y an expression for a tensor the caller owns
     * @return the TorchScript expression that activates it in place (and is that tensor)
     */
    static String inPlace(Nonlinearity activation, String y) {
        return switch (activation) {
            case RELU -> "torch.relu_(" + y + ")";
            case SWISH -> "torch.silu_(" + y + ")";
        };
    }

    /**
     * oneDNN's fused inner product, {@code relu?(rows · wᵀ + b + addend?)}, as a TorchScript
     * expression: the ReLU as its post-op, or the sum as its binary post-op — which takes no
     * second one, so a ReLU after a sum is an in-place {@code relu_} of the fused result.
     *
     * @param rows an expression for the M×K rows
     * @param addend an expression for the M×O array to add, or null
     * @param w an expression for the O×K weight
     * @param b an expression for the O-value bias
     * @param relu whether ReLU comes last
     * @return the expression, a new M×O tensor
     */
    static String fusedLinear(String rows, String addend, String w, String b, boolean relu) {
        if (addend == null) {
            return "ops.mkldnn._linear_pointwise(" + rows + ", " + w + ", " + b + ", "
                    + (relu ? "\"relu\"" : "\"none\"") + ", " + NO_SCALARS + ", \"\")";
        }
        String sum = "ops.mkldnn._linear_pointwise(" + rows + ", " + addend + ", " + w + ", " + b
                + ", \"add\")";
        return relu ? inPlace(Nonlinearity.RELU, sum) : sum;
    }

    /** @return the weight arrays, in the order {@code forward} expects them */
    List<NDArray> weights() {
        return List.copyOf(weights);
    }

    /**
     * @param result the variable holding the stage's output
     * @return the stage module's {@code forward} method; it takes the weight list only when the
     *     stage reads weights (the engine builds no list from no arrays)
     */
    String source(String result) {
        return "def forward(self, x: Tensor" + (weights.isEmpty() ? "" : ", w: List[Tensor]")
                + ") -> Tensor:\n" + body + "  return " + result + "\n";
    }
}
