package io.lfsbeam.image;

/** Stable reason codes for bytes that do not yield an image; they become dead-letter reasons. */
public enum DecodeFailureReason {
  /** The input is empty (or null). */
  ZERO_BYTES,
  /** No installed ImageIO reader recognises the bytes. */
  NOT_AN_IMAGE,
  /** A reader recognised the format but failed to decode it (truncated, corrupt, bad header). */
  UNDECODABLE,
  /** The header declares more pixels than the configured limit; nothing was allocated for them. */
  TOO_MANY_PIXELS;

  /** The code written to dead letters (the enum name). */
  public String code() {
    return name();
  }
}
