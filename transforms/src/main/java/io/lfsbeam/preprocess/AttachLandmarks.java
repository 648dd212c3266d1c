package io.lfsbeam.preprocess;

import io.lfsbeam.align.LandmarkFile;
import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.schemas.FaceImage;
import io.lfsbeam.schemas.Point2D;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Joins a landmark file onto the listed images by relative path (a keyed join, so it scales to
 * millions of images without a side input in memory). Images without a line keep null landmarks and
 * are refused later with {@code LANDMARKS_MISSING}; lines that are malformed or name no image are
 * counted ({@code lfs.preprocess/landmark_lines_malformed}, {@code .../landmark_lines_unmatched}).
 */
public final class AttachLandmarks
    extends PTransform<PCollection<FaceImage>, PCollection<FaceImage>> {
  private final String landmarkFile;

  private AttachLandmarks(String landmarkFile) {
    this.landmarkFile = landmarkFile;
  }

  public static AttachLandmarks from(String landmarkFile) {
    return new AttachLandmarks(landmarkFile);
  }

  @Override
  public PCollection<FaceImage> expand(PCollection<FaceImage> faces) {
    TupleTag<FaceImage> faceTag = new TupleTag<>();
    TupleTag<String> lineTag = new TupleTag<>();
    PCollection<KV<String, FaceImage>> keyedFaces =
        faces
            .apply(
                "KeyFaces",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.strings(), TypeDescriptor.of(FaceImage.class)))
                    .via((FaceImage f) -> KV.of(f.getRelativePath(), f)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoders.of(FaceImage.class)));
    PCollection<KV<String, String>> keyedLines =
        faces
            .getPipeline()
            .apply("ReadLandmarks", TextIO.read().from(landmarkFile))
            .apply("KeyLines", ParDo.of(new KeyLineFn()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
    return KeyedPCollectionTuple.of(faceTag, keyedFaces)
        .and(lineTag, keyedLines)
        .apply("JoinByPath", CoGroupByKey.create())
        .apply("Attach", ParDo.of(new AttachFn(faceTag, lineTag)))
        .setCoder(RecordCoders.of(FaceImage.class));
  }

  private static final class KeyLineFn extends DoFn<String, KV<String, String>> {
    private final Counter malformed =
        PreprocessCounters.counter(PreprocessCounters.LANDMARK_LINES_MALFORMED);

    @ProcessElement
    public void process(@Element String line, OutputReceiver<KV<String, String>> out) {
      try {
        LandmarkFile.Entry e = LandmarkFile.parse(line);
        if (e != null) {
          out.output(KV.of(e.relativePath(), line));
        }
      } catch (IllegalArgumentException ex) {
        malformed.inc();
      }
    }
  }

  private static final class AttachFn extends DoFn<KV<String, CoGbkResult>, FaceImage> {
    private final TupleTag<FaceImage> faceTag;
    private final TupleTag<String> lineTag;
    private final Counter unmatched =
        PreprocessCounters.counter(PreprocessCounters.LANDMARK_LINES_UNMATCHED);

    AttachFn(TupleTag<FaceImage> faceTag, TupleTag<String> lineTag) {
      this.faceTag = faceTag;
      this.lineTag = lineTag;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> joined, OutputReceiver<FaceImage> out) {
      List<String> lines = new ArrayList<>();
      joined.getValue().getAll(lineTag).forEach(lines::add);
      lines.sort(null);
      boolean anyFace = false;
      for (FaceImage f : joined.getValue().getAll(faceTag)) {
        anyFace = true;
        FaceImage.Builder b = FaceImage.newBuilder(f);
        if (!lines.isEmpty()) {
          List<Point2D> pts = new ArrayList<>();
          for (double[] p : LandmarkFile.parse(lines.get(0)).points()) {
            pts.add(new Point2D(p[0], p[1]));
          }
          b.setLandmarks(pts);
        }
        out.output(b.build());
      }
      if (!anyFace) {
        unmatched.inc(lines.size());
      }
    }
  }
}
