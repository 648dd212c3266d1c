/**
 * Pure statistics of the method comparison (no Beam, no TensorFlow): paired differences between
 * methods over seeds (Student t) and over test pairs (bootstrap), and the verdict they support.
 */
package io.lfsbeam.stats;
