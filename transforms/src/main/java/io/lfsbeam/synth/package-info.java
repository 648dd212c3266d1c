/**
 * Synthetic faces with exact landmarks ({@code lfs synth}, the demo and the tests): procedural
 * painting, nuisances, deliberately broken files, contact sheets.
 *
 * <p>May depend on: the JDK (Java2D, ImageIO), {@code io.lfsbeam.align}, and {@code
 * io.lfsbeam.options} for the command-line spelling of {@link io.lfsbeam.synth.ImageFormat}. No
 * Beam, no TensorFlow.
 */
package io.lfsbeam.synth;
