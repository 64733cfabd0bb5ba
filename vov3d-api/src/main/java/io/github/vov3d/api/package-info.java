/**
 * Engine-neutral public types: model identifiers, statistics and checkpoint errors.
 */
package io.github.vov3d.api;
