package io.lfsbeam.preprocess;

import io.lfsbeam.io.JvmProgress;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.DeadLetter;
import io.lfsbeam.schemas.FaceImage;
import io.lfsbeam.schemas.Point2D;
import io.lfsbeam.schemas.Split;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads, decodes and aligns each listed image ({@link FacePreparer}); every image comes out either
 * as an {@link AlignedFace} (label and split not yet assigned) or as a {@link DeadLetter} with the
 * stage and reason. Reading is bounded by the pixel limit before decoding, and any unexpected
 * exception for one record becomes a dead letter rather than failing the bundle.
 */
public final class AlignFaces extends PTransform<PCollection<FaceImage>, PCollectionTuple> {
  public static final TupleTag<AlignedFace> ALIGNED = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD = new TupleTag<>() {};

  /** {@link JvmProgress} counts of images listed and aligned, for progress lines. */
  public static final String LISTED_PROGRESS = "preprocess/listed";

  public static final String ALIGNED_PROGRESS = "preprocess/aligned";

  private final PreprocessConfig config;

  private AlignFaces(PreprocessConfig config) {
    this.config = config;
  }

  public static AlignFaces with(PreprocessConfig config) {
    return new AlignFaces(config);
  }

  @Override
  public PCollectionTuple expand(PCollection<FaceImage> images) {
    PCollectionTuple out =
        images.apply(
            "DecodeAndAlign",
            ParDo.of(new AlignFn(config)).withOutputTags(ALIGNED, TupleTagList.of(DEAD)));
    out.get(ALIGNED).setCoder(AvroCoder.of(AlignedFace.class));
    out.get(DEAD).setCoder(AvroCoder.of(DeadLetter.class));
    return out;
  }

  static final class AlignFn extends DoFn<FaceImage, AlignedFace> {
    private final PreprocessConfig config;
    private transient FacePreparer preparer;
    private final Counter aligned = PreprocessCounters.counter(PreprocessCounters.ALIGNED);

    AlignFn(PreprocessConfig config) {
      this.config = config;
    }

    @Setup
    public void setup() {
      preparer = new FacePreparer(config);
    }

    @ProcessElement
    public void process(@Element FaceImage image, MultiOutputReceiver out) {
      String path = image.getRelativePath();
      byte[] bytes;
      try {
        bytes = read(image.getSource(), path, config.maxPixels());
      } catch (IOException | RuntimeException e) {
        String reason = e instanceof InputRefusedException r ? r.refusal().code() : "READ_FAILED";
        out.get(DEAD)
            .output(
                DeadLetters.of(
                    path, "read", reason, String.valueOf(e.getMessage()), image.getId()));
        return;
      }
      FacePreparer.Outcome o;
      try {
        o = preparer.prepare(bytes, points(image.getLandmarks()));
      } catch (RuntimeException | OutOfMemoryError e) {
        out.get(DEAD)
            .output(
                DeadLetters.of(
                    path,
                    "align",
                    "INTERNAL_ERROR",
                    e.getClass().getSimpleName() + ": " + e.getMessage(),
                    image.getId()));
        return;
      }
      if (!o.ok()) {
        out.get(DEAD)
            .output(DeadLetters.of(path, o.stage(), o.reason(), o.message(), image.getId()));
        return;
      }
      aligned.inc();
      JvmProgress.add(ALIGNED_PROGRESS, 1);
      out.get(ALIGNED).output(alignedFace(image.getId(), image.getIdentity(), path, o, bytes));
    }

    /** The record of a face that aligned; label and split come later. */
    static AlignedFace alignedFace(
        String id, String identity, String path, FacePreparer.Outcome o, byte[] sourceBytes) {
      return AlignedFace.newBuilder()
          .setId(id)
          .setIdentity(identity)
          .setLabel(-1)
          .setSplit(Split.UNASSIGNED)
          .setSourcePath(path)
          .setImageNumber(0)
          .setImage(ByteBuffer.wrap(o.png()))
          .setWidth(o.width())
          .setHeight(o.height())
          .setAlignment(o.method())
          .setTemplate(o.template())
          .setTransform(o.matrixList())
          .setAlignmentResidual(o.residual())
          .setContentHash(StableHash.sha256Hex(sourceBytes))
          .build();
    }

    private static double[][] points(List<Point2D> landmarks) {
      if (landmarks == null) {
        return null;
      }
      double[][] p = new double[landmarks.size()][2];
      for (int i = 0; i < p.length; i++) {
        p[i][0] = landmarks.get(i).getX();
        p[i][1] = landmarks.get(i).getY();
      }
      return p;
    }

    /**
     * Reads the file from inside its input root ({@link InputFiles}), refusing sizes no image
     * within the pixel limit could have (compressed bytes ≤ ~4 per pixel).
     */
    private static byte[] read(String root, String relativePath, long maxPixels)
        throws IOException {
      long cap = Math.max(1L << 20, Math.min(Integer.MAX_VALUE - 16, maxPixels * 4 + (1 << 16)));
      return InputFiles.read(root, relativePath, cap);
    }
  }
}
