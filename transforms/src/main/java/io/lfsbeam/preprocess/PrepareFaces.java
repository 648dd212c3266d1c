package io.lfsbeam.preprocess;

import io.lfsbeam.io.JvmProgress;
import io.lfsbeam.io.StartupTimes;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.DeadLetter;
import io.lfsbeam.schemas.FaceImage;
import io.lfsbeam.schemas.Point2D;
import io.lfsbeam.schemas.Split;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one step that touches pixels: reads each listed image, decodes, aligns, encodes the PNG and
 * hashes the source bytes ({@link FacePreparer}), and emits it keyed by its shard ({@link
 * #shardOf}): an accepted face as a {@link ShardEntry.Kind#FACE} entry (its record without the
 * image, and the PNG), a refusal as a {@link ShardEntry.Kind#DEAD} entry with stage and reason.
 * Reading is bounded by the pixel limit before decoding, and any unexpected exception for one
 * record becomes a dead letter rather than failing the bundle.
 *
 * <p>One output, not a main output plus a dead-letter output: on Flink's batch translation a
 * multi-output step is a union that every consumer decodes in full, images included.
 */
public final class PrepareFaces
    extends PTransform<PCollection<FaceImage>, PCollection<KV<Integer, ShardEntry>>> {
  private final PreprocessConfig config;

  private PrepareFaces(PreprocessConfig config) {
    this.config = config;
  }

  public static PrepareFaces with(PreprocessConfig config) {
    return new PrepareFaces(config);
  }

  /** The shard index ({@code 0 ≤ index < shards}) of a face id, the same in every split. */
  public static int shardOf(String id, int shards) {
    return Math.floorMod(StableHash.of(0, id), shards);
  }

  /** The key/value coder of the prepared entries. */
  public static KvCoder<Integer, ShardEntry> coder() {
    return KvCoder.of(VarIntCoder.of(), ShardEntry.Coder.of());
  }

  @Override
  public PCollection<KV<Integer, ShardEntry>> expand(PCollection<FaceImage> images) {
    return images.apply("DecodeAlignEncode", ParDo.of(new PrepareFn(config))).setCoder(coder());
  }

  static final class PrepareFn extends DoFn<FaceImage, KV<Integer, ShardEntry>> {
    private final PreprocessConfig config;
    private transient FacePreparer preparer;
    private static final Logger LOG = LoggerFactory.getLogger(PrepareFaces.class);
    private final Counter aligned = PreprocessCounters.counter(PreprocessCounters.ALIGNED);

    PrepareFn(PreprocessConfig config) {
      this.config = config;
    }

    @Setup
    public void setup() {
      StartupTimes.mark("alignment task started");
      preparer = new FacePreparer(config);
    }

    @ProcessElement
    public void process(@Element FaceImage image, OutputReceiver<KV<Integer, ShardEntry>> out) {
      StartupTimes.mark("first image listed and joined");
      String path = image.getRelativePath();
      int shard = shardOf(image.getId(), config.shardsPerSplit());
      byte[] bytes;
      try {
        bytes = read(image.getSource(), path, config.maxPixels());
      } catch (IOException | RuntimeException e) {
        String reason = e instanceof InputRefusedException r ? r.refusal().code() : "READ_FAILED";
        out.output(
            dead(
                shard,
                DeadLetters.of(
                    path, "read", reason, String.valueOf(e.getMessage()), image.getId())));
        return;
      }
      FacePreparer.Outcome o;
      try {
        o = preparer.prepare(bytes, points(image.getLandmarks()));
      } catch (RuntimeException | OutOfMemoryError e) {
        out.output(
            dead(
                shard,
                DeadLetters.of(
                    path,
                    "align",
                    "INTERNAL_ERROR",
                    e.getClass().getSimpleName() + ": " + e.getMessage(),
                    image.getId())));
        return;
      }
      if (!o.ok()) {
        out.output(
            dead(shard, DeadLetters.of(path, o.stage(), o.reason(), o.message(), image.getId())));
        return;
      }
      aligned.inc();
      JvmProgress.add(AlignFaces.ALIGNED_PROGRESS, 1);
      String startup = StartupTimes.first("first face aligned");
      if (startup != null) {
        LOG.info(startup);
      }
      out.output(
          KV.of(
              shard,
              ShardEntry.face(
                  record(image.getId(), image.getIdentity(), path, o, bytes), o.png())));
    }

    private static KV<Integer, ShardEntry> dead(int shard, DeadLetter d) {
      return KV.of(shard, ShardEntry.dead(d));
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

  /** The record of a face that aligned, with an empty image; label and split come later. */
  static AlignedFace record(
      String id, String identity, String path, FacePreparer.Outcome o, byte[] sourceBytes) {
    return AlignedFace.newBuilder()
        .setId(id)
        .setIdentity(identity)
        .setLabel(-1)
        .setSplit(Split.UNASSIGNED)
        .setSourcePath(path)
        .setImageNumber(0)
        .setImage(ByteBuffer.allocate(0))
        .setWidth(o.width())
        .setHeight(o.height())
        .setAlignment(o.method())
        .setTemplate(o.template())
        .setTransform(o.matrixList())
        .setAlignmentResidual(o.residual())
        .setContentHash(StableHash.sha256Hex(sourceBytes))
        .build();
  }
}
