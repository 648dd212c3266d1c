/**
 * Face geometry, pure Java: the 5-point landmarks ({@link io.lfsbeam.align.FaceLandmarks}), their
 * text format ({@link io.lfsbeam.align.LandmarkFile}), the ArcFace templates, the similarity
 * transform (Umeyama) and the warp to an aligned crop (METHOD.md §4).
 *
 * <p>May depend on: the JDK and {@code io.lfsbeam.image}. No Beam, no TensorFlow, no Avro.
 */
package io.lfsbeam.align;
