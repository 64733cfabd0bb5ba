package io.github.vov3d.blocks.network;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Test helper: one training pass of a network with a fixed dropout seed and a loss that weights
 * every output differently, returning what tests compare between two ways of running it.
 */
final class TrainingPass {
    private TrainingPass() {}

    /**
     * @param output the network's output
     * @param gradients each parameter's gradient (null where it has none), in parameter order
     * @param state each parameter's value after the pass (BatchNorm statistics move)
     */
    record Result(float[] output, List<float[]> gradients, List<float[]> state) {}

    /**
     * @param m the manager the pass's scope opens in
     * @param net the network whose parameters are read afterwards
     * @param forward runs the network on the clip, in training mode
     * @param clip the input (left open)
     * @return output, gradients and parameter values
     */
    static Result run(NDManager m, VideoNetwork net, BiFunction<ParameterStore, NDArray, NDArray> forward,
            NDArray clip) {
        Engine.getInstance().setRandomSeed(7); // the same dropout mask for every pass
        try (NDManager scope = m.newSubManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.zeroGradients();
            scope.tempAttachAll(clip);
            NDArray out = forward.apply(new ParameterStore(scope, false), clip);
            gc.backward(out.mul(scope.arange(out.size()).reshape(out.getShape()).add(1f)).sum());
            List<Pair<String, Parameter>> params = parameters(net);
            return new Result(out.toFloatArray(),
                    snapshot(params, p -> p.requiresGradient() ? p.getArray().getGradient() : null),
                    snapshot(params, Parameter::getArray));
        }
    }

    /** @return the network's parameters, in order */
    static List<Pair<String, Parameter>> parameters(VideoNetwork net) {
        return net.getParameters().stream().toList();
    }

    /** @return {@code f} of every parameter as floats (null where {@code f} gives null) */
    static List<float[]> snapshot(List<Pair<String, Parameter>> params, Function<Parameter, NDArray> f) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : params) {
            NDArray a = f.apply(p.getValue());
            out.add(a == null ? null : a.toFloatArray());
        }
        return out;
    }
}
