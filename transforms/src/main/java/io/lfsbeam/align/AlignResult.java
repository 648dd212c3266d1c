package io.lfsbeam.align;

import io.lfsbeam.image.RgbImage;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Outcome of aligning one face: either the aligned image with the geometry that produced it, or the
 * {@link Rejection} saying why not. Expected bad input ends here, never in an exception.
 */
public final class AlignResult {
  /** The geometry name recorded for centre crops (the Avro {@code template} field). */
  public static final String CENTER_CROP_GEOMETRY = "center-crop";

  private final RgbImage image;
  private final double[] matrix;
  private final double residual;
  private final AlignMethod method;
  private final String geometry;
  private final Rejection rejection;

  private AlignResult(
      RgbImage image,
      double[] matrix,
      double residual,
      AlignMethod method,
      String geometry,
      Rejection rejection) {
    this.image = image;
    this.matrix = matrix;
    this.residual = residual;
    this.method = method;
    this.geometry = geometry;
    this.rejection = rejection;
  }

  /** An aligned face; {@code residual} is NaN when no landmarks were used. */
  static AlignResult aligned(
      RgbImage image, double[] matrix, double residual, AlignMethod method, String geometry) {
    return new AlignResult(
        Objects.requireNonNull(image),
        matrix.clone(),
        residual,
        Objects.requireNonNull(method),
        Objects.requireNonNull(geometry),
        null);
  }

  static AlignResult rejected(Rejection rejection) {
    return new AlignResult(null, null, Double.NaN, null, null, Objects.requireNonNull(rejection));
  }

  public boolean isAligned() {
    return rejection == null;
  }

  /** The aligned image. @throws IllegalStateException when rejected */
  public RgbImage image() {
    requireAligned();
    return image;
  }

  public int width() {
    return image().width();
  }

  public int height() {
    return image().height();
  }

  /** Row-major 2×3 source→aligned matrix (a copy). @throws IllegalStateException when rejected */
  public double[] matrix() {
    requireAligned();
    return matrix.clone();
  }

  /**
   * RMS distance (aligned pixels) of the mapped landmarks from the template; empty for centre
   * crops.
   */
  public OptionalDouble residual() {
    requireAligned();
    return Double.isNaN(residual) ? OptionalDouble.empty() : OptionalDouble.of(residual);
  }

  public AlignMethod method() {
    requireAligned();
    return method;
  }

  /** Template name for landmark alignment, {@value #CENTER_CROP_GEOMETRY} for centre crops. */
  public String geometry() {
    requireAligned();
    return geometry;
  }

  public Optional<Rejection> rejection() {
    return Optional.ofNullable(rejection);
  }

  /** Reason code of a rejection. @throws IllegalStateException when aligned */
  public String reasonCode() {
    return requireRejected().reason().code();
  }

  /** Human-readable detail of a rejection. @throws IllegalStateException when aligned */
  public String message() {
    return requireRejected().message();
  }

  private void requireAligned() {
    if (rejection != null) {
      throw new IllegalStateException("face was not aligned: " + rejection);
    }
  }

  private Rejection requireRejected() {
    if (rejection == null) {
      throw new IllegalStateException("face was aligned; there is no rejection");
    }
    return rejection;
  }

  @Override
  public String toString() {
    return rejection != null
        ? "AlignResult[rejected " + rejection + "]"
        : "AlignResult["
            + method
            + " "
            + geometry
            + " "
            + image.width()
            + "x"
            + image.height()
            + (Double.isNaN(residual) ? "" : ", residual " + residual)
            + "]";
  }
}
