package io.github.vov3d.blocks.inference;

/**
 * Thrown while compiling when a block does not have the structure the fast form relies on
 * (a custom transform, an unexpected layer); the compiler then keeps that block as it is.
 */
final class NotCompilableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotCompilableException(String message) {
        super(message);
    }
}
