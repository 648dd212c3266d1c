package io.lfsbeam.preprocess;

import io.lfsbeam.align.AlignMethod;
import io.lfsbeam.align.AlignOptions;
import io.lfsbeam.align.AlignResult;
import io.lfsbeam.align.Aligner;
import io.lfsbeam.align.FaceTemplate;
import io.lfsbeam.image.DecodeResult;
import io.lfsbeam.image.ImageDecoder;
import io.lfsbeam.image.PngEncoder;
import io.lfsbeam.schemas.AlignmentMethod;
import java.util.ArrayList;
import java.util.List;

/**
 * One image's bytes → aligned PNG or a refusal with stage and reason: decode (pixel limit checked
 * on the header first), align, encode. Pure Java; {@link AlignFaces} is its Beam wrapper.
 */
public final class FacePreparer {
  private final ImageDecoder decoder;
  private final Aligner aligner;

  /** The aligned face, or (when {@code reason} is set) why there is none. */
  public record Outcome(
      byte[] png,
      int width,
      int height,
      AlignmentMethod method,
      String template,
      double[] matrix,
      Double residual,
      String stage,
      String reason,
      String message) {
    public boolean ok() {
      return reason == null;
    }

    public List<Double> matrixList() {
      List<Double> l = new ArrayList<>();
      if (matrix != null) {
        for (double d : matrix) {
          l.add(d);
        }
      }
      return l;
    }

    static Outcome refused(String stage, String reason, String message) {
      return new Outcome(null, 0, 0, null, null, null, null, stage, reason, message);
    }
  }

  public FacePreparer(PreprocessConfig config) {
    this.decoder = new ImageDecoder(config.maxPixels());
    this.aligner =
        new Aligner(
            AlignOptions.builder()
                .template(FaceTemplate.byName(config.template()))
                .method(
                    switch (config.alignment()) {
                      case CENTER_CROP -> AlignMethod.CENTER_CROP;
                      case NONE -> AlignMethod.NONE;
                      default -> AlignMethod.LANDMARKS;
                    })
                .cropScale(config.cropScale())
                .build());
  }

  public Outcome prepare(byte[] bytes, double[][] landmarks) {
    DecodeResult d = decoder.decode(bytes);
    if (!d.isDecoded()) {
      return Outcome.refused("decode", d.reasonCode(), d.message());
    }
    AlignResult a = aligner.align(d.image(), landmarks);
    if (!a.isAligned()) {
      return Outcome.refused("align", a.reasonCode(), a.message());
    }
    return new Outcome(
        PngEncoder.encode(a.image()),
        a.width(),
        a.height(),
        AlignmentMethod.valueOf(a.method().name()),
        a.geometry(),
        a.matrix(),
        a.residual().isPresent() ? a.residual().getAsDouble() : null,
        null,
        null,
        null);
  }
}
