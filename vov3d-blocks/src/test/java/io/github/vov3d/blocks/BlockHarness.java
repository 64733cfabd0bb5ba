package io.github.vov3d.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Map;

/** Test helper: initialise a block and run it on random input inside one manager. */
final class BlockHarness implements AutoCloseable {
    final NDManager manager = NDManager.newBaseManager();

    NDArray randomInput(Shape shape) {
        manager.getEngine().setRandomSeed(42);
        return manager.randomNormal(shape);
    }

    NDArray run(Block block, NDArray input, boolean training) {
        if (!block.isInitialized()) {
            block.initialize(manager, DataType.FLOAT32, input.getShape());
        }
        return block.forward(new ParameterStore(manager, false), new NDList(input), training)
                .singletonOrThrow();
    }

    /** Sets every parameter to small random values (gamma of final BNs included). */
    void randomizeParameters(Block block) {
        for (Map.Entry<String, ai.djl.nn.Parameter> e : StateDictNames.of(block).entrySet()) {
            NDArray a = e.getValue().getArray();
            NDArray r = e.getKey().endsWith("running_var")
                    ? manager.randomUniform(0.5f, 1.5f, a.getShape())
                    : manager.randomNormal(0f, 0.2f, a.getShape(), DataType.FLOAT32);
            a.set(r.toFloatArray());
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
