package io.lfsbeam.align;

import java.util.Objects;

/**
 * What the {@link Aligner} should do; immutable, built with {@link #builder()}.
 *
 * <p>The limits decide when landmarks are too implausible to trust. Defaults: a landmark may lie up
 * to 5% of the image's larger side outside the image (detectors extrapolate slightly for faces cut
 * by the border); the source→template scale must lie in [0.02, 8], i.e. the eyes between about 4
 * and 1,760 source pixels apart for the ArcFace template — anything beyond is a detector error, and
 * warping it would produce garbage that still looks like a valid training image.
 */
public final class AlignOptions {
  private final FaceTemplate template;
  private final AlignMethod method;
  private final double cropScale;
  private final double outOfImageMargin;
  private final double minScale;
  private final double maxScale;

  private AlignOptions(Builder b) {
    this.template = Objects.requireNonNull(b.template, "template");
    this.method = Objects.requireNonNull(b.method, "method");
    if (!(b.cropScale > 0) || b.cropScale > CenterCrop.MAX_CROP_SCALE) {
      throw new IllegalArgumentException(
          "cropScale must be in (0, " + CenterCrop.MAX_CROP_SCALE + "], got " + b.cropScale);
    }
    if (!(b.outOfImageMargin >= 0) || !Double.isFinite(b.outOfImageMargin)) {
      throw new IllegalArgumentException(
          "outOfImageMargin must be finite and >= 0, got " + b.outOfImageMargin);
    }
    if (!(b.minScale > 0) || !(b.maxScale > b.minScale) || !Double.isFinite(b.maxScale)) {
      throw new IllegalArgumentException(
          "need 0 < minScale < maxScale < inf, got " + b.minScale + " and " + b.maxScale);
    }
    this.cropScale = b.cropScale;
    this.outOfImageMargin = b.outOfImageMargin;
    this.minScale = b.minScale;
    this.maxScale = b.maxScale;
  }

  /** ArcFace 112×112, landmarks, all defaults. */
  public static AlignOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .template(template)
        .method(method)
        .cropScale(cropScale)
        .outOfImageMargin(outOfImageMargin)
        .scaleRange(minScale, maxScale);
  }

  public FaceTemplate template() {
    return template;
  }

  public AlignMethod method() {
    return method;
  }

  /** Centre-crop box relative to the largest box that fits (1 = touch the shorter sides). */
  public double cropScale() {
    return cropScale;
  }

  /** Allowed distance outside the image, as a fraction of the image's larger side. */
  public double outOfImageMargin() {
    return outOfImageMargin;
  }

  public double minScale() {
    return minScale;
  }

  public double maxScale() {
    return maxScale;
  }

  @Override
  public String toString() {
    return "AlignOptions[template="
        + template.name()
        + ", method="
        + method
        + ", cropScale="
        + cropScale
        + ", outOfImageMargin="
        + outOfImageMargin
        + ", scale=["
        + minScale
        + ", "
        + maxScale
        + "]]";
  }

  /** Builder with the defaults described on the class. */
  public static final class Builder {
    private FaceTemplate template = FaceTemplate.ARCFACE_112x112;
    private AlignMethod method = AlignMethod.LANDMARKS;
    private double cropScale = 1.0;
    private double outOfImageMargin = 0.05;
    private double minScale = 0.02;
    private double maxScale = 8.0;

    private Builder() {}

    public Builder template(FaceTemplate t) {
      this.template = t;
      return this;
    }

    public Builder method(AlignMethod m) {
      this.method = m;
      return this;
    }

    public Builder cropScale(double s) {
      this.cropScale = s;
      return this;
    }

    public Builder outOfImageMargin(double fractionOfLargerSide) {
      this.outOfImageMargin = fractionOfLargerSide;
      return this;
    }

    public Builder scaleRange(double min, double max) {
      this.minScale = min;
      this.maxScale = max;
      return this;
    }

    public AlignOptions build() {
      return new AlignOptions(this);
    }
  }
}
