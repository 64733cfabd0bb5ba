/**
 * Reading and writing NumPy {@code .npy} files, the exchange format for clips and outputs
 * between this library, the command line and Python tooling.
 */
package io.github.vov3d.api.npy;
