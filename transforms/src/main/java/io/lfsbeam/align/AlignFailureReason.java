package io.lfsbeam.align;

/** Stable reason codes for faces the aligner refuses; they become dead-letter {@code reason}s. */
public enum AlignFailureReason {
  /** No landmarks given, or not exactly five (x, y) pairs. */
  LANDMARKS_MISSING,
  /** A landmark coordinate is NaN or infinite. */
  LANDMARKS_NAN,
  /** A landmark lies outside the image by more than the allowed margin. */
  LANDMARKS_OUT_OF_IMAGE,
  /** The landmarks cannot describe a face: eyes coincide, points collinear, or absurd scale. */
  LANDMARKS_DEGENERATE,
  /** {@link AlignMethod#NONE}: the image does not have the template's size. */
  WRONG_SIZE;

  /** The code written to dead letters (the enum name). */
  public String code() {
    return name();
  }
}
