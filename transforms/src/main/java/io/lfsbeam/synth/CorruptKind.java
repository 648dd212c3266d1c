package io.lfsbeam.synth;

/**
 * The ways a file in a face folder can be broken; each is a real failure seen when crawling image
 * datasets, and each must be skipped and counted rather than crash a pipeline.
 */
public enum CorruptKind {
  /** An empty file (interrupted download, full disk). */
  ZERO_BYTES,
  /** A valid image cut off part-way (partial copy). */
  TRUNCATED,
  /** Text with an image extension (an HTML error page saved as .jpg). */
  NOT_AN_IMAGE,
  /**
   * A well-formed header declaring {@value CorruptFiles#HUGE_SIDE}×{@value CorruptFiles#HUGE_SIDE}
   * pixels: a decompression bomb that a reader must refuse by header before allocating.
   */
  TOO_MANY_PIXELS
}
