package io.lfsbeam.preprocess;

import io.lfsbeam.align.LandmarkFile;
import io.lfsbeam.io.JvmProgress;
import io.lfsbeam.schemas.DeadLetter;
import io.lfsbeam.schemas.FaceImage;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
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

  private ListFaceImages(String root, String listFile) {
    this.root = stripSlash(root);
    this.listFile = listFile;
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

  public String root() {
    return root;
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    PCollectionTuple out;
    if (listFile == null) {
      out =
          begin
              // each identity folder listed once, one level deep: bounded whatever links it holds
              .apply("MatchFiles", ListTwoLevels.of(root))
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
    out.get(FACES).setCoder(AvroCoder.of(FaceImage.class));
    out.get(DEAD).setCoder(AvroCoder.of(DeadLetter.class));
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
