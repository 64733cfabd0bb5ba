package io.github.vov3d.blocks.inference;

import ai.djl.ndarray.NDArray;
import io.github.vov3d.blocks.Nonlinearity;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the TorchScript source of one compiled stage: the {@code forward} body that compiled
 * ops write into ({@link InferenceOp#emit}), the folded weight arrays it reads, and the helper
 * methods every stage shares. Why a stage is written as one TorchScript function: run op by
 * op, every step of the pass is a JNI call that creates and frees a Java array object, and every
 * libtorch kernel reached through a generated module pays the module call again; together a
 * quarter of VoV3D-M's pass at 224×224 and nearly all of it on small clips. Inside one function
 * libtorch's interpreter dispatches the same operators itself.
 *
 * <p>The weights are not stored in the module: they stay the compiled network's arrays and are
 * passed as a {@code List[Tensor]} argument, so the module holds no copy and nothing is
 * serialised but source.
 */
final class TorchScriptWriter {
    /** The list argument DJL's engine builds from inputs named {@code w[]}. */
    static final String WEIGHTS_NAME = "w[]";

    private static final String NO_SCALARS = "annotate(List[Optional[number]], [])";

    /**
     * The pointwise convolutions every stage calls, on channels-last N×T×H×W×C input: a product
     * over the N·T·H·W rows, oneDNN's inner product with the ReLU or sum fused in from a given
     * number of multiply-accumulates on, {@code addmm} (then the sum and ReLU in place) below.
     */
    private static final String HELPERS = """
            def pointwise(self, x: Tensor, w: Tensor, b: Tensor, relu: bool) -> Tensor:
              rows = torch.reshape(x, [-1, torch.size(x, 4)])
              if torch.numel(x) * torch.size(w, 0) >= %1$d:
                if relu:
                  y = ops.mkldnn._linear_pointwise(rows, w, b, "relu", %2$s, "")
                else:
                  y = ops.mkldnn._linear_pointwise(rows, w, b, "none", %2$s, "")
              else:
                y = torch.addmm(b, rows, torch.t(w))
                if relu:
                  y = torch.relu_(y)
              return torch.reshape(y, [torch.size(x, 0), torch.size(x, 1), torch.size(x, 2), torch.size(x, 3), torch.size(w, 0)])
            def pointwise_add(self, x: Tensor, other: Tensor, w: Tensor, b: Tensor, relu: bool) -> Tensor:
              rows = torch.reshape(x, [-1, torch.size(x, 4)])
              addend = torch.reshape(other, [-1, torch.size(w, 0)])
              if torch.numel(x) * torch.size(w, 0) >= %1$d:
                y = ops.mkldnn._linear_pointwise(rows, addend, w, b, "add")
              else:
                y = torch.add_(torch.addmm(b, rows, torch.t(w)), addend)
              if relu:
                y = torch.relu_(y)
              return torch.reshape(y, [torch.size(x, 0), torch.size(x, 1), torch.size(x, 2), torch.size(x, 3), torch.size(w, 0)])
            """;

    private final long minFusedMacs;
    private final StringBuilder body = new StringBuilder();
    private final List<NDArray> weights = new ArrayList<>();
    private final Map<NDArray, Integer> positions = new IdentityHashMap<>();
    private int variables;

    /**
     * @param minFusedMacs the smallest pointwise product (rows × in × out) sent to oneDNN's
     *     fused inner product; smaller ones run as {@code addmm} (see {@link SizeRoutedKernels})
     */
    TorchScriptWriter(long minFusedMacs) {
        if (minFusedMacs < 0) {
            throw new IllegalArgumentException("negative threshold: " + minFusedMacs);
        }
        this.minFusedMacs = minFusedMacs;
    }

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
        run(switch (activation) {
            case RELU -> "torch.relu_(" + y + ")";
            case SWISH -> "torch.silu_(" + y + ")";
        });
    }

    /** @return the weight arrays, in the order {@code forward} expects them */
    List<NDArray> weights() {
        return List.copyOf(weights);
    }

    /**
     * @param result the variable holding the stage's output
     * @return the methods of the stage's module: {@code forward} first, then the helpers it calls
     */
    String source(String result) {
        return "def forward(self, x: Tensor, w: List[Tensor]) -> Tensor:\n" + body
                + "  return " + result + "\n"
                + HELPERS.formatted(minFusedMacs, NO_SCALARS);
    }
}
