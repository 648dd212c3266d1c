package io.lfsbeam.preprocess;

import io.lfsbeam.align.AlignFailureReason;
import io.lfsbeam.align.LandmarkFile;
import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.schemas.DeadLetter;
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
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Joins a landmark file onto the listed images by relative path (a keyed join, so it scales to
 * millions of images without a side input in memory), and accounts for every line by kind ({@link
 * InputNotes}: matched, malformed, non-finite, unmatched, repeated).
 *
 * <p>An image whose lines are all bad becomes a dead letter that says so ({@code
 * LANDMARKS_MALFORMED}, or {@code LANDMARKS_NAN} for NaN/infinite coordinates; stage {@code
 * ingest}) instead of an image without landmarks; an image with no line at all keeps null landmarks
 * and is refused later with {@code LANDMARKS_MISSING}. Of several good lines for one image the
 * first in sorted order is used (so the choice does not depend on how the runner orders them).
 */
public final class AttachLandmarks extends PTransform<PCollection<FaceImage>, PCollectionTuple> {
  public static final TupleTag<FaceImage> FACES = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD = new TupleTag<>() {};
  public static final TupleTag<KV<String, Long>> NOTES = new TupleTag<>() {};

  /** The dead-letter reason of an image whose only landmark lines are malformed. */
  public static final String LANDMARKS_MALFORMED = "LANDMARKS_MALFORMED";

  private final String landmarkFile;

  private AttachLandmarks(String landmarkFile) {
    this.landmarkFile = landmarkFile;
  }

  public static AttachLandmarks from(String landmarkFile) {
    return new AttachLandmarks(landmarkFile);
  }

  @Override
  public PCollectionTuple expand(PCollection<FaceImage> faces) {
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
    PCollectionTuple out =
        KeyedPCollectionTuple.of(faceTag, keyedFaces)
            .and(lineTag, keyedLines)
            .apply("JoinByPath", CoGroupByKey.create())
            .apply(
                "Attach",
                ParDo.of(new AttachFn(faceTag, lineTag, landmarkFile))
                    .withOutputTags(FACES, TupleTagList.of(DEAD).and(NOTES)));
    out.get(FACES).setCoder(RecordCoders.of(FaceImage.class));
    out.get(DEAD).setCoder(RecordCoders.of(DeadLetter.class));
    out.get(NOTES).setCoder(InputNotes.coder());
    return out;
  }

  /** Keys each line by the path it names (a malformed line by its first field). */
  private static final class KeyLineFn extends DoFn<String, KV<String, String>> {
    @ProcessElement
    public void process(@Element String line, OutputReceiver<KV<String, String>> out) {
      try {
        LandmarkFile.Entry e = LandmarkFile.parse(line);
        if (e != null) {
          out.output(KV.of(e.relativePath(), line));
        }
      } catch (LandmarkFile.BadLine bad) {
        out.output(KV.of(bad.path(), line));
      }
    }
  }

  private static final class AttachFn extends DoFn<KV<String, CoGbkResult>, FaceImage> {
    private final TupleTag<FaceImage> faceTag;
    private final TupleTag<String> lineTag;
    private final String landmarkFile;
    private final Counter malformedLines =
        PreprocessCounters.counter(PreprocessCounters.LANDMARK_LINES_MALFORMED);
    private final Counter unmatchedLines =
        PreprocessCounters.counter(PreprocessCounters.LANDMARK_LINES_UNMATCHED);

    AttachFn(TupleTag<FaceImage> faceTag, TupleTag<String> lineTag, String landmarkFile) {
      this.faceTag = faceTag;
      this.lineTag = lineTag;
      this.landmarkFile = landmarkFile;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> joined, MultiOutputReceiver out) {
      List<String> lines = new ArrayList<>();
      joined.getValue().getAll(lineTag).forEach(lines::add);
      lines.sort(null);
      double[][] points = null;
      int good = 0;
      int malformed = 0;
      int nonFinite = 0;
      LandmarkFile.BadLine firstBad = null;
      for (String line : lines) {
        try {
          double[][] p = LandmarkFile.parse(line).points();
          points = points == null ? p : points;
          good++;
        } catch (LandmarkFile.BadLine bad) {
          firstBad = firstBad == null ? bad : firstBad;
          if (bad.problem() == LandmarkFile.Problem.NON_FINITE) {
            nonFinite++;
          } else {
            malformed++;
          }
        }
      }
      boolean anyFace = false;
      for (FaceImage f : joined.getValue().getAll(faceTag)) {
        anyFace = true;
        if (points == null && firstBad != null) {
          String reason =
              firstBad.problem() == LandmarkFile.Problem.NON_FINITE
                  ? AlignFailureReason.LANDMARKS_NAN.code()
                  : LANDMARKS_MALFORMED;
          out.get(DEAD)
              .output(
                  DeadLetters.of(
                      f.getRelativePath(),
                      "ingest",
                      reason,
                      landmarkFile + ": the line for this image: " + firstBad.getMessage(),
                      f.getId()));
          continue;
        }
        FaceImage.Builder b = FaceImage.newBuilder(f);
        if (points != null) {
          List<Point2D> pts = new ArrayList<>();
          for (double[] p : points) {
            pts.add(new Point2D(p[0], p[1]));
          }
          b.setLandmarks(pts);
        }
        out.get(FACES).output(b.build());
      }
      malformedLines.inc(malformed + nonFinite);
      note(out, InputNotes.LANDMARK_LINES, lines.size());
      note(out, InputNotes.LANDMARK_LINES_MALFORMED, malformed);
      note(out, InputNotes.LANDMARK_LINES_NON_FINITE, nonFinite);
      if (anyFace) {
        note(out, InputNotes.LANDMARK_LINES_MATCHED, Math.min(good, 1));
        note(out, InputNotes.LANDMARK_LINES_REPEATED, Math.max(good - 1, 0));
      } else {
        unmatchedLines.inc(good);
        note(out, InputNotes.LANDMARK_LINES_UNMATCHED, good);
      }
    }

    private static void note(MultiOutputReceiver out, String name, long n) {
      if (n > 0) {
        out.get(NOTES).output(KV.of(name, n));
      }
    }
  }
}
