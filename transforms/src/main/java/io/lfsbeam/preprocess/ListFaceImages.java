package io.lfsbeam.preprocess;

import io.lfsbeam.io.IdentityNames;
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
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Lists a face dataset as {@link FaceImage}s: either a folder per identity ({@code
 * <root>/<identity>/<image>}) or an image list file of {@code <path>\t<identity>} lines (paths
 * relative to the list file's folder).
 *
 * <p>Every entry is an input ({@link #INPUTS}): an image to read ({@link #FACES}) or a dead letter
 * (stage {@code ingest}, {@link #DEAD}) with an {@link InputRefusal} reason — a malformed list
 * line, a path that leads out of the list's folder ({@link InputPaths}), an identity name with a
 * control character ({@link IdentityNames}), a symbolic link out of the input or a loop of links
 * ({@link IdentityFolders}). A local folder is walked two levels deep, never further, with the link
 * policy of {@link InputFiles}; names on disk are taken literally. Files at the root and folders
 * inside an identity folder are not images and are not listed. References the caller listed ({@link
 * #of}) are all inputs and all faces: the caller's own read chose them.
 */
public final class ListFaceImages extends PTransform<PBegin, PCollectionTuple> {
  public static final TupleTag<FaceImage> FACES = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD = new TupleTag<>() {};

  /** Every input entry: the faces and a record for each refused entry. */
  public static final TupleTag<FaceImage> INPUTS = new TupleTag<>() {};

  /** Refused entries as input records (internal: {@link #INPUTS} flattens them with the faces). */
  static final TupleTag<FaceImage> REFUSED = new TupleTag<>() {};

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
    return new ListFaceImages(parent.isEmpty() ? "/" : parent, listFile);
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
                  begin.apply("NoListingErrors", Create.empty(RecordCoders.of(DeadLetter.class))))
              .and(
                  REFUSED,
                  begin.apply("NoRefusals", Create.empty(RecordCoders.of(FaceImage.class))));
    } else if (listFile != null) {
      out =
          begin
              .apply("ReadList", TextIO.read().from(listFile))
              .apply(
                  "ParseList",
                  ParDo.of(new FromListLineFn(root, listFile))
                      .withOutputTags(FACES, TupleTagList.of(DEAD).and(REFUSED)));
    } else if (InputPaths.isLocal(root)) {
      out = begin.apply("ListFolders", IdentityFolders.under(root));
    } else {
      out =
          begin
              .apply(
                  "MatchFiles",
                  FileIO.match()
                      .filepattern(stripSlash(root) + "/*/*")
                      .withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
              .apply(
                  "ToFaceImage",
                  ParDo.of(new FromMatchFn(root))
                      .withOutputTags(FACES, TupleTagList.of(DEAD).and(REFUSED)));
    }
    PCollection<FaceImage> faces = out.get(FACES).setCoder(RecordCoders.of(FaceImage.class));
    PCollection<DeadLetter> dead = out.get(DEAD).setCoder(RecordCoders.of(DeadLetter.class));
    PCollection<FaceImage> refused = out.get(REFUSED).setCoder(RecordCoders.of(FaceImage.class));
    PCollection<FaceImage> inputs =
        PCollectionList.of(faces)
            .and(refused)
            .apply("AllInputs", Flatten.pCollections())
            .setCoder(RecordCoders.of(FaceImage.class));
    return PCollectionTuple.of(FACES, faces).and(DEAD, dead).and(INPUTS, inputs);
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

  /**
   * Outputs a refused entry: its input record ({@link #REFUSED}) and its dead letter ({@link
   * #DEAD}, stage ingest).
   */
  static void refuse(
      DoFn.MultiOutputReceiver out,
      String root,
      String source,
      String identity,
      String reason,
      String message) {
    FaceImage input = face(root, source, identity, -1);
    out.get(REFUSED).output(input);
    out.get(DEAD).output(DeadLetters.of(source, "ingest", reason, message, input.getId()));
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

  /** Files matched on a non-local file system ({@code gs://}, ...), which has no links. */
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
      String identity = rel.contains("/") ? rel.substring(0, rel.indexOf('/')) : "";
      listed.inc();
      JvmProgress.add(AlignFaces.LISTED_PROGRESS, 1);
      String problem = IdentityNames.problem(identity);
      if (problem != null) {
        refuse(out, root, rel, "", InputRefusal.BAD_IDENTITY_NAME.code(), problem);
        return;
      }
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
      String source = listFile + ": " + IdentityNames.printable(t);
      String[] f = t.split("\t");
      if (f.length != 2 || f[0].isBlank() || f[1].isBlank()) {
        refuse(
            out,
            root,
            source,
            "",
            InputRefusal.BAD_LIST_LINE.code(),
            "expected '<path>\\t<identity>', found " + f.length + " tab-separated fields");
        return;
      }
      String path;
      try {
        path = InputPaths.listed(root, f[0]);
      } catch (InputRefusedException e) {
        refuse(out, root, source, "", e.refusal().code(), e.getMessage());
        return;
      }
      String identity = f[1].strip();
      String problem = IdentityNames.problem(identity);
      if (problem != null) {
        refuse(out, root, path, "", InputRefusal.BAD_IDENTITY_NAME.code(), problem);
        return;
      }
      out.get(FACES).output(face(root, path, identity, -1));
    }
  }
}
