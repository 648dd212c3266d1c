/**
 * Loads DJL's TensorFlow engine once, before any {@code org.tensorflow} class is touched (the
 * native libraries are unpacked and linked here; a wrong order leaves the JVM unable to load them),
 * and tells what TensorFlow finds on a machine ({@code lfs doctor}): a child JVM that loads it and
 * lists its devices, its native log read back, the NVIDIA libraries the loader cannot open, and the
 * processor's SIMD flags that TensorFlow's CPU kernels use ({@link io.lfsbeam.tf.CpuInfo}). What
 * TensorFlow's native code writes to stderr ({@link io.lfsbeam.tf.NativeLog}) and how many GPUs a
 * JVM trains on, asked once and reported once ({@link io.lfsbeam.tf.Gpus}).
 *
 * <p>May depend on: DJL's engine API; for the doctor's probe, TensorFlow Java's C API (device
 * listing); {@link io.lfsbeam.io.LibC} for {@code setenv} and {@code dlopen}.
 */
package io.lfsbeam.tf;
