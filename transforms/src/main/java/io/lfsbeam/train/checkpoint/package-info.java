/**
 * Checkpoints: the variables of a trained graph as one file on any Beam filesystem.
 *
 * <p>May depend on: Beam's {@code FileSystems} and the JDK. No TensorFlow.
 */
package io.lfsbeam.train.checkpoint;
