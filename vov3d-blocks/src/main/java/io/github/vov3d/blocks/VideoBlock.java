package io.github.vov3d.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Base of every composite block in this library: a single N×C×T×H×W tensor in, one out, with
 * children registered under their PySlowFast names (so {@link StateDictNames} can map parameters
 * one-to-one onto reference state-dict keys). Subclasses describe their data flow once in
 * {@link #apply} and their shape flow once in {@link #outputShape}; initialisation and
 * {@link #getOutputShapes} follow from those, so the two can never disagree.
 */
public abstract class VideoBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    /** Creates an empty block; children are added by the subclass constructor. */
    protected VideoBlock() {
        super(VERSION);
    }

    /**
     * The block's computation on one tensor.
     *
     * @param ps the parameter store
     * @param x the input, N×C×T×H×W
     * @param training whether BatchNorm uses batch statistics and dropout is active
     * @return the output tensor
     */
    protected abstract NDArray apply(ParameterStore ps, NDArray x, boolean training);

    /**
     * The output shape for an input shape; also used to initialise the children in order.
     *
     * @param input the input shape
     * @param visitor called for each child with the shape it receives, in forward order
     * @return the output shape
     */
    protected abstract Shape outputShape(Shape input, ChildVisitor visitor);

    /**
     * Walks the direct children in forward order with the shape each receives, without running
     * anything: the basis of initialisation, shape inference and complexity counting.
     *
     * @param input the block's input shape
     * @param visitor called once per child application
     * @return the block's output shape
     */
    public final Shape traceShapes(Shape input, ChildVisitor visitor) {
        return outputShape(input, visitor);
    }

    /**
     * Receives each child block with its input shape, and is told of the whole-array reads a
     * block makes outside its children (a residual sum's shortcut, a global pooling), which a
     * memory-traffic count needs and shape inference ignores. A block that adds a shortcut or
     * pools a feature map in {@code apply} reports it from {@link #outputShape}.
     */
    @FunctionalInterface
    public interface ChildVisitor {
        /** A visitor that does nothing, for pure shape inference. */
        ChildVisitor NONE = (block, shape) -> {};

        /**
         * @param block a child block
         * @param input the shape it is given
         */
        void visit(Block block, Shape input);

        /**
         * A residual sum reads its shortcut (identity or projected). Ignored by default.
         *
         * @param shortcut the shape of the array added
         */
        default void residualSum(Shape shortcut) {}

        /**
         * A global average pooling reads a whole feature map (SE's squeeze, the head's pool).
         * Ignored by default.
         *
         * @param input the shape of the array pooled
         */
        default void pooling(Shape input) {}
    }

    /**
     * Runs a child block on one tensor.
     *
     * @param child the child
     * @param ps the parameter store
     * @param x the input
     * @param training training mode
     * @return the child's single output
     */
    protected static NDArray run(Block child, ParameterStore ps, NDArray x, boolean training) {
        return child.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    /**
     * Visits a child and returns its output shape.
     *
     * @param child the child
     * @param input the child's input shape
     * @param visitor the visitor
     * @return the child's output shape
     */
    protected static Shape through(Block child, Shape input, ChildVisitor visitor) {
        visitor.visit(child, input);
        return child.getOutputShapes(new Shape[] {input})[0];
    }

    /** {@inheritDoc} */
    @Override
    protected final NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.singletonOrThrow(), training));
    }

    /** {@inheritDoc} */
    @Override
    public final Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {outputShape(checkInput(inputShapes), ChildVisitor.NONE)};
    }

    /** {@inheritDoc} */
    @Override
    protected final void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        outputShape(
                checkInput(inputShapes),
                (child, shape) -> child.initialize(manager, dataType, shape));
    }

    private Shape checkInput(Shape[] inputShapes) {
        if (inputShapes.length != 1 || inputShapes[0].dimension() != 5) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName()
                            + " expects one N×C×T×H×W input, got "
                            + java.util.Arrays.toString(inputShapes));
        }
        return inputShapes[0];
    }

    /**
     * Checks a builder argument.
     *
     * @param condition what must hold
     * @param message what is wrong otherwise
     */
    protected static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
