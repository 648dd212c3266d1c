/**
 * Loads DJL's TensorFlow engine once, before any {@code org.tensorflow} class is touched (the
 * native libraries are unpacked and linked here; a wrong order leaves the JVM unable to load them).
 *
 * <p>May depend on: DJL's engine API only.
 */
package io.lfsbeam.tf;
