package io.lfsbeam.align;

import io.lfsbeam.image.RgbImage;
import java.util.Objects;
import java.util.Optional;

/**
 * Brings a decoded face to the template geometry (METHOD.md §4): with {@link
 * AlignMethod#LANDMARKS}, a least-squares similarity from the five landmarks onto the template and
 * a bilinear warp; with {@link AlignMethod#CENTER_CROP}, a centred crop for datasets that come
 * pre-cropped without landmarks; with {@link AlignMethod#NONE}, the face as it is when it already
 * has the template's size. Either way the source→aligned matrix is returned so it can be recorded.
 *
 * <p>Thread-safe and stateless apart from its options, so one instance can serve a whole worker.
 */
public final class Aligner {
  private final AlignOptions options;

  public Aligner(AlignOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  public AlignOptions options() {
    return options;
  }

  /** The identity matrix: the aligned face is the input. */
  private static final double[] IDENTITY = {1, 0, 0, 0, 1, 0};

  private static AlignResult asIs(RgbImage image, FaceTemplate template) {
    if (image.width() != template.width() || image.height() != template.height()) {
      return AlignResult.rejected(
          new Rejection(
              AlignFailureReason.WRONG_SIZE,
              "the face is "
                  + image.width()
                  + "x"
                  + image.height()
                  + ", not the "
                  + template.width()
                  + "x"
                  + template.height()
                  + " of "
                  + template.name()
                  + " (--alignment=none keeps aligned faces as they are)"));
    }
    return AlignResult.aligned(image, IDENTITY, Double.NaN, AlignMethod.NONE, template.name());
  }

  /**
   * Aligns {@code image}; {@code landmarks} (5×2, order of {@link FaceTemplate}) may be null for
   * {@link AlignMethod#CENTER_CROP} and {@link AlignMethod#NONE}, where they are ignored.
   */
  public AlignResult align(RgbImage image, double[][] landmarks) {
    Objects.requireNonNull(image, "image");
    FaceTemplate template = options.template();
    if (options.method() == AlignMethod.CENTER_CROP) {
      int w = template.width(), h = template.height();
      double[] m = CenterCrop.matrix(image.width(), image.height(), w, h, options.cropScale());
      RgbImage out = CenterCrop.apply(image, w, h, options.cropScale());
      return AlignResult.aligned(
          out, m, Double.NaN, AlignMethod.CENTER_CROP, AlignResult.CENTER_CROP_GEOMETRY);
    }
    if (options.method() == AlignMethod.NONE) {
      return asIs(image, template);
    }
    Optional<Rejection> bad =
        LandmarkValidator.check(landmarks, image.width(), image.height(), options);
    if (bad.isPresent()) {
      return AlignResult.rejected(bad.get());
    }
    double[][] target = template.points();
    SimilarityTransform t = SimilarityTransform.estimate(landmarks, target);
    double[] m = t.matrix2x3();
    RgbImage out = AffineWarp.warp(image, m, template.width(), template.height());
    return AlignResult.aligned(
        out, m, t.rmsResidual(landmarks, target), AlignMethod.LANDMARKS, template.name());
  }
}
