package io.github.vov3d.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterServer;
import io.github.vov3d.zoo.checkpoint.StoredTensor;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * SGD exactly as {@code torch.optim.SGD} (momentum, dampening 0, optional Nesterov, L2 weight
 * decay added to the gradient) with weight decay switched off per parameter, plugged into DJL
 * as its {@link ParameterServer}: DJL's own SGD decays every parameter it is given, BatchNorm
 * included, and its PyTorch path keeps the momentum out of reach of checkpoints. Gradients from
 * several devices are summed on the first, applied to every copy, then zeroed (PyTorch
 * accumulates gradients across backward passes, which is also how gradient accumulation works).
 */
public final class SgdParameterServer implements ParameterServer {
    private final NDManager manager;
    private final Map<String, String> namesById;
    private final Set<String> noDecayIds;
    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    private final DoubleSupplier learningRate;
    private final Map<String, NDArray> buffers = new HashMap<>();

    /**
     * @param manager owns the momentum buffers
     * @param namesById parameter id → reference name (for checkpoints)
     * @param noDecayIds ids of parameters without weight decay
     * @param momentum momentum factor
     * @param nesterov Nesterov momentum
     * @param weightDecay L2 penalty of the other parameters
     * @param learningRate read at every update (the schedule's current value)
     */
    public SgdParameterServer(NDManager manager, Map<String, String> namesById, Set<String> noDecayIds,
            double momentum, boolean nesterov, double weightDecay, DoubleSupplier learningRate) {
        this.manager = manager;
        this.namesById = Map.copyOf(namesById);
        this.noDecayIds = Set.copyOf(noDecayIds);
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
        this.learningRate = learningRate;
    }

    @Override
    public void init(String parameterId, NDArray[] value) {
        // state is created lazily at the first update, like torch.optim.SGD
    }

    @Override
    public void update(String parameterId, NDArray[] grads, NDArray[] params) {
        Device first = params[0].getDevice();
        try (NDManager scope = manager.newSubManager(first)) {
            NDArray grad = scope.zeros(grads[0].getShape(), grads[0].getDataType());
            for (NDArray g : grads) {
                grad.addi(g.getDevice().equals(first) ? g : scoped(g.toDevice(first, true), scope));
            }
            double decay = noDecayIds.contains(parameterId) ? 0 : weightDecay;
            if (decay != 0) {
                grad.addi(scoped(params[0].mul(decay), scope));
            }
            NDArray step = grad;
            if (momentum != 0) {
                NDArray buffer = buffers.get(parameterId);
                if (buffer == null) {
                    buffer = grad.duplicate();
                    buffer.attach(manager);
                    buffers.put(parameterId, buffer);
                } else {
                    buffer.muli(momentum).addi(grad);
                }
                step = nesterov ? grad.addi(scoped(buffer.mul(momentum), scope)) : buffer;
            }
            NDArray delta = scoped(step.mul(learningRate.getAsDouble()), scope);
            for (NDArray param : params) {
                param.subi(param.getDevice().equals(first) ? delta : scoped(delta.toDevice(param.getDevice(), true), scope));
            }
        }
        for (NDArray g : grads) {
            g.subi(g);
        }
    }

    /** Puts a temporary under the per-update scope so it is freed when the update ends. */
    private static NDArray scoped(NDArray array, NDManager scope) {
        array.attach(scope);
        return array;
    }

    /** @return reference name → momentum buffer of every parameter updated so far */
    public Map<String, NDArray> momentumBuffers() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        buffers.forEach((id, b) -> out.put(namesById.getOrDefault(id, id), b));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Restores momentum buffers saved by {@link #momentumBuffers()} (resuming a run).
     *
     * @param byName reference name → buffer
     */
    public void restoreMomentum(Map<String, StoredTensor> byName) {
        namesById.forEach((id, name) -> {
            StoredTensor saved = byName.get(name);
            if (saved != null) {
                NDArray old = buffers.remove(id);
                if (old != null) {
                    old.close();
                }
                buffers.put(id, manager.create(saved.toFloatArray(), new Shape(saved.shape())));
            }
        });
    }

    /** @param parameterId a parameter id @return whether it is exempt from weight decay */
    public boolean isExemptFromDecay(String parameterId) {
        return noDecayIds.contains(parameterId);
    }

    @Override
    public void close() {
        buffers.values().forEach(NDArray::close);
        buffers.clear();
    }
}
