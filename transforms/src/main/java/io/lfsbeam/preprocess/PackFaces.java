package io.lfsbeam.preprocess;

import io.lfsbeam.insightface.PackClassNames;
import io.lfsbeam.insightface.PackFailure;
import io.lfsbeam.insightface.PackFiles;
import io.lfsbeam.insightface.PackProperty;
import io.lfsbeam.insightface.PackRecord;
import io.lfsbeam.insightface.PackRecordException;
import io.lfsbeam.insightface.PackedFace;
import io.lfsbeam.insightface.ReadPackRecords;
import io.lfsbeam.insightface.RecordIoFile;
import io.lfsbeam.io.JvmProgress;
import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.io.TextFiles;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.AlignmentMethod;
import io.lfsbeam.schemas.DeadLetter;
import io.lfsbeam.schemas.FaceImage;
import java.io.IOException;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * The faces of an insightface pack as preprocess inputs: every face record of the .idx becomes an
 * input ({@link #INPUTS}, counted as listed) and then either an {@link AlignedFace} ({@link
 * #ALIGNED}; label and split come later) or a {@link DeadLetter} ({@link #DEAD}) — a record that
 * cannot be read (stage {@code ingest}, a {@link PackFailure} code), an image that does not decode
 * (stage {@code decode}) or that the alignment refuses ({@code WRONG_SIZE} for {@code none}).
 *
 * <p>Identity = the class name ({@link PackClassNames}: {@code class-<n>}, or a names file), source
 * path = the record key, content hash = SHA-256 of the image bytes.
 */
public final class PackFaces extends PTransform<PBegin, PCollectionTuple> {
  public static final TupleTag<FaceImage> INPUTS = new TupleTag<>() {};
  public static final TupleTag<AlignedFace> ALIGNED = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD = new TupleTag<>() {};

  private final String dir;
  private final String classNames;
  private final PreprocessConfig config;

  private PackFaces(String dir, String classNames, PreprocessConfig config) {
    this.dir = ListFaceImages.stripSlash(dir);
    this.classNames = classNames;
    this.config = config;
  }

  /** The pack in {@code dir}, faces kept as they are ({@code --alignment=none}). */
  public static PackFaces from(String dir) {
    return new PackFaces(
        dir, null, PreprocessConfig.defaults().withAlignment(AlignmentMethod.NONE));
  }

  /** Identity names from a {@code <class index><TAB><name>} file instead of {@code class-<n>}. */
  public PackFaces withClassNames(String file) {
    return new PackFaces(dir, file, config);
  }

  public PackFaces withConfig(PreprocessConfig c) {
    return new PackFaces(dir, classNames, c);
  }

  public String dir() {
    return dir;
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    PCollectionTuple out =
        begin
            .apply("ReadPack", ReadPackRecords.from(dir))
            .apply(
                "DecodeAndCheck",
                ParDo.of(new PrepareFn(dir, classNames, config))
                    .withOutputTags(ALIGNED, TupleTagList.of(INPUTS).and(DEAD)));
    out.get(INPUTS).setCoder(RecordCoders.of(FaceImage.class));
    out.get(ALIGNED).setCoder(RecordCoders.of(AlignedFace.class));
    out.get(DEAD).setCoder(RecordCoders.of(DeadLetter.class));
    return out;
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("pack", dir).withLabel("Pack folder"))
        .addIfNotNull(DisplayData.item("classNames", classNames).withLabel("Class names file"))
        .add(DisplayData.item("alignment", config.alignment().name()).withLabel("Alignment"));
  }

  /**
   * The class names: the names file, else {@code class-<n>} padded for the class count of the
   * pack's property file, else of its record 0.
   */
  static PackClassNames loadClassNames(String dir, String classNamesFile) throws IOException {
    if (classNamesFile != null) {
      return PackClassNames.parse(TextFiles.read(classNamesFile));
    }
    ResourceId property = PackFiles.file(dir, RecordIoFile.PROPERTY);
    if (PackFiles.exists(property)) {
      try {
        return PackClassNames.numbered(
            PackProperty.parse(TextFiles.read(property.toString())).numClasses());
      } catch (IllegalArgumentException unreadable) {
        // fall back to record 0
      }
    }
    return PackClassNames.numbered(PackFiles.readLayout(dir).declaredIdentities());
  }

  private static final class PrepareFn extends DoFn<PackRecord, AlignedFace> {
    private final String dir;
    private final String classNamesFile;
    private final PreprocessConfig config;
    private transient FacePreparer preparer;
    private transient PackClassNames names;
    private final Counter listed = PreprocessCounters.counter(PreprocessCounters.LISTED);
    private final Counter aligned = PreprocessCounters.counter(PreprocessCounters.ALIGNED);

    PrepareFn(String dir, String classNamesFile, PreprocessConfig config) {
      this.dir = dir;
      this.classNamesFile = classNamesFile;
      this.config = config;
    }

    @Setup
    public void setup() throws IOException {
      preparer = new FacePreparer(config);
      names = loadClassNames(dir, classNamesFile);
    }

    @ProcessElement
    public void process(@Element PackRecord r, MultiOutputReceiver out) {
      listed.inc();
      JvmProgress.add(AlignFaces.LISTED_PROGRESS, 1);
      String path = r.source();
      String id = StableHash.faceId(path);
      String where =
          r.key() >= 0
              ? "record " + r.key()
              : RecordIoFile.IDX + " line at byte " + r.indexOffset();
      if (!r.isRead()) {
        out.get(INPUTS).output(ListFaceImages.face(dir, path, "", -1));
        dead(out, path, "ingest", r.failure().code(), where + ": " + r.message(), id);
        return;
      }
      PackedFace face;
      try {
        face = r.face();
      } catch (PackRecordException e) {
        out.get(INPUTS).output(ListFaceImages.face(dir, path, "", r.payload().length));
        dead(out, path, "ingest", e.failure().code(), where + ": " + e.getMessage(), id);
        return;
      }
      String identity = names.nameOf(face.classIndex());
      out.get(INPUTS)
          .output(
              ListFaceImages.face(
                  dir, path, identity == null ? "" : identity, face.image().length));
      if (identity == null) {
        dead(
            out,
            path,
            "ingest",
            PackFailure.UNNAMED_CLASS.code(),
            "class " + face.classIndex() + " has no line in " + classNamesFile,
            id);
        return;
      }
      FacePreparer.Outcome o;
      try {
        o = preparer.prepare(face.image(), null);
      } catch (RuntimeException | OutOfMemoryError e) {
        dead(
            out,
            path,
            "align",
            "INTERNAL_ERROR",
            e.getClass().getSimpleName() + ": " + e.getMessage(),
            id);
        return;
      }
      if (!o.ok()) {
        dead(out, path, o.stage(), o.reason(), where + ": " + o.message(), id);
        return;
      }
      aligned.inc();
      JvmProgress.add(AlignFaces.ALIGNED_PROGRESS, 1);
      out.get(ALIGNED).output(AlignFaces.AlignFn.alignedFace(id, identity, path, o, face.image()));
    }

    private static void dead(
        MultiOutputReceiver out,
        String path,
        String stage,
        String reason,
        String message,
        String id) {
      out.get(DEAD).output(DeadLetters.of(path, stage, reason, message, id));
    }
  }
}
