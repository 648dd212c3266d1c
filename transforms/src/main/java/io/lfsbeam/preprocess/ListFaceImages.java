package io.lfsbeam.preprocess;

import io.lfsbeam.align.LandmarkFile;
import io.lfsbeam.io.JvmProgress;
import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.schemas.DeadLetter;
import io.lfsbeam.schemas.FaceImage;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Lists a face dataset as {@link FaceImage}s: either a folder per identity ({@code
 * <root>/<identity>/<image>}) or an image list file of {@code <path>\t<identity>} lines (paths
 * relative to the list file's folder). Malformed list lines become dead letters (stage {@code
 * ingest}, reason {@code BAD_LIST_LINE}).
 */
public final class ListFaceImages extends PTransform<PBegin, PCollectionTuple> {
  public static final TupleTag<FaceImage> FACES = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD = new TupleTag<>() {};

  private final String root;
  private final String listFile;

  /** References listed by the caller ({@link #of}); null for a folder or a list file. */
  private final PCollection<FaceImage> images;

  private ListFaceImages(String root, String listFile) {
    this.root = stripSlash(root);
    this.listFile = listFile;
    this.images = null;
  }

  private ListFaceImages(PCollection<FaceImage> images) {
    this.root = FaceImages.NO_ROOT;
    this.listFile = null;
    this.images = images;
  }

  /** Every file two levels below {@code root}: the first level names the identity. */
  public static ListFaceImages fromFolder(String root) {
    return new ListFaceImages(root, null);
  }

  /** The images named by a list file; relative paths resolve against the list file's folder. */
  public static ListFaceImages fromList(String listFile) {
    String parent = listFile.contains("/") ? listFile.substring(0, listFile.lastIndexOf('/')) : ".";
    return new ListFaceImages(parent, listFile);
  }

  /**
   * Image references the caller listed ({@link FaceImages}), counted as listed and passed on: the
   * caller's own read (a CSV or Parquet manifest, a table) replaces the folder walk.
   */
  public static ListFaceImages of(PCollection<FaceImage> images) {
    return new ListFaceImages(images);
  }

  /** The dataset root; empty for references listed by the caller. */
  public String root() {
    return root;
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    PCollectionTuple out;
    if (images != null) {
      out =
          PCollectionTuple.of(FACES, images.apply("CountListed", ParDo.of(new CountListedFn())))
              .and(
                  DEAD,
                  begin.apply("NoListingErrors", Create.empty(RecordCoders.of(DeadLetter.class))));
    } else if (listFile == null) {
      out =
          begin
              .apply(
                  "MatchFiles",
                  FileIO.match()
                      .filepattern(root + "/*/*")
                      .withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
              .apply(
                  "ToFaceImage",
                  ParDo.of(new FromMatchFn(root)).withOutputTags(FACES, TupleTagList.of(DEAD)));
    } else {
      out =
          begin
              .apply("ReadList", TextIO.read().from(listFile))
              .apply(
                  "ParseList",
                  ParDo.of(new FromListLineFn(root, listFile))
                      .withOutputTags(FACES, TupleTagList.of(DEAD)));
    }
    out.get(FACES).setCoder(RecordCoders.of(FaceImage.class));
    out.get(DEAD).setCoder(RecordCoders.of(DeadLetter.class));
    return out;
  }

  static String stripSlash(String s) {
    return s.endsWith("/") && s.length() > 1 ? s.substring(0, s.length() - 1) : s;
  }

  static FaceImage face(String root, String relativePath, String identity, long size) {
    return FaceImage.newBuilder()
        .setId(StableHash.faceId(relativePath))
        .setIdentity(identity)
        .setRelativePath(relativePath)
        .setSource(root)
        .setFileSize(size)
        .setWidth(null)
        .setHeight(null)
        .setLandmarks(null)
        .build();
  }

  private static final class CountListedFn extends DoFn<FaceImage, FaceImage> {
    private final Counter listed = PreprocessCounters.counter(PreprocessCounters.LISTED);

    @ProcessElement
    public void process(@Element FaceImage image, OutputReceiver<FaceImage> out) {
      listed.inc();
      JvmProgress.add(AlignFaces.LISTED_PROGRESS, 1);
      out.output(image);
    }
  }

  private static final class FromMatchFn extends DoFn<MatchResult.Metadata, FaceImage> {
    private final String root;
    private final Counter listed = PreprocessCounters.counter(PreprocessCounters.LISTED);

    FromMatchFn(String root) {
      this.root = root;
    }

    @ProcessElement
    public void process(@Element MatchResult.Metadata md, MultiOutputReceiver out) {
      String full = md.resourceId().toString();
      String prefix = root.endsWith("/") ? root : root + "/";
      int at = full.indexOf(prefix);
      String rel = at >= 0 ? full.substring(at + prefix.length()) : md.resourceId().getFilename();
      rel = LandmarkFile.normalise(rel);
      String identity = rel.contains("/") ? rel.substring(0, rel.indexOf('/')) : "";
      listed.inc();
      JvmProgress.add(AlignFaces.LISTED_PROGRESS, 1);
      out.get(FACES).output(face(root, rel, identity, md.sizeBytes()));
    }
  }

  private static final class FromListLineFn extends DoFn<String, FaceImage> {
    private final String root;
    private final String listFile;
    private final Counter listed = PreprocessCounters.counter(PreprocessCounters.LISTED);

    FromListLineFn(String root, String listFile) {
      this.root = root;
      this.listFile = listFile;
    }

    @ProcessElement
    public void process(@Element String line, MultiOutputReceiver out) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        return;
      }
      listed.inc();
      JvmProgress.add(AlignFaces.LISTED_PROGRESS, 1);
      String[] f = t.split("\t");
      if (f.length != 2 || f[0].isBlank() || f[1].isBlank()) {
        out.get(DEAD)
            .output(
                DeadLetters.of(
                    listFile + ": " + t,
                    "ingest",
                    "BAD_LIST_LINE",
                    "expected '<path>\\t<identity>', found " + f.length + " tab-separated fields",
                    null));
        return;
      }
      out.get(FACES).output(face(root, LandmarkFile.normalise(f[0]), f[1].strip(), -1));
    }
  }
}
