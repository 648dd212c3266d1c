package io.lfsbeam.image;

import java.util.List;
import java.util.Objects;

/**
 * Outcome of decoding one file: the packed-RGB image with what was learnt about the source, or a
 * failure reason with a message. Bad bytes are expected input, so they end here, not in an
 * exception.
 */
public final class DecodeResult {
  private final RgbImage image;
  private final String format;
  private final boolean grey;
  private final List<String> warnings;
  private final DecodeFailureReason reason;
  private final String message;

  private DecodeResult(
      RgbImage image,
      String format,
      boolean grey,
      List<String> warnings,
      DecodeFailureReason reason,
      String message) {
    this.image = image;
    this.format = format;
    this.grey = grey;
    this.warnings = warnings;
    this.reason = reason;
    this.message = message;
  }

  static DecodeResult decoded(RgbImage image, String format, boolean grey, List<String> warnings) {
    return new DecodeResult(
        Objects.requireNonNull(image),
        Objects.requireNonNull(format),
        grey,
        List.copyOf(warnings),
        null,
        null);
  }

  static DecodeResult failed(DecodeFailureReason reason, String message) {
    return new DecodeResult(
        null,
        null,
        false,
        List.of(),
        Objects.requireNonNull(reason),
        Objects.requireNonNull(message));
  }

  public boolean isDecoded() {
    return reason == null;
  }

  /** The decoded pixels, always 3 channels. @throws IllegalStateException when decoding failed */
  public RgbImage image() {
    requireDecoded();
    return image;
  }

  /** The ImageIO format name of the reader that decoded it, e.g. {@code png}, {@code pnm}. */
  public String format() {
    requireDecoded();
    return format;
  }

  /** True when the source had one colour channel and was replicated to three. */
  public boolean sourceWasGrey() {
    requireDecoded();
    return grey;
  }

  /** Non-fatal reader warnings (e.g. extraneous bytes in a JPEG), in order. */
  public List<String> warnings() {
    requireDecoded();
    return warnings;
  }

  /**
   * @throws IllegalStateException when decoding succeeded
   */
  public DecodeFailureReason reason() {
    requireFailed();
    return reason;
  }

  /** Reason code for dead letters. @throws IllegalStateException when decoding succeeded */
  public String reasonCode() {
    return reason().code();
  }

  /** Human-readable detail of the failure. @throws IllegalStateException when decoding succeeded */
  public String message() {
    requireFailed();
    return message;
  }

  private void requireDecoded() {
    if (reason != null) {
      throw new IllegalStateException("image was not decoded: " + reason + ": " + message);
    }
  }

  private void requireFailed() {
    if (reason == null) {
      throw new IllegalStateException("image was decoded; there is no failure");
    }
  }

  @Override
  public String toString() {
    return reason != null
        ? "DecodeResult[" + reason + ": " + message + "]"
        : "DecodeResult["
            + format
            + " "
            + image.width()
            + "x"
            + image.height()
            + (grey ? " grey" : "")
            + "]";
  }
}
