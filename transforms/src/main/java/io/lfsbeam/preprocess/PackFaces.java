package io.lfsbeam.preprocess;

import io.lfsbeam.insightface.PackClassNames;
import io.lfsbeam.insightface.PackFailure;
import io.lfsbeam.insightface.PackFiles;
import io.lfsbeam.insightface.PackLayout;
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
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * The faces of an insightface pack as preprocess inputs: every face record of the .idx becomes an
 * input ({@link #INPUTS}, counted as listed) and then either an {@link AlignedFace} ({@link
 * #ALIGNED}; label and split come later) or a {@link DeadLetter} ({@link #DEAD}) — a record that
 * cannot be read (stage {@code ingest}, a {@link PackFailure} code), an image that does not decode
 * (stage {@code decode}) or that the alignment refuses ({@code WRONG_SIZE} for {@code none}), an
 * .idx key record 0 does not declare ({@code UNDECLARED_KEY}), or a face key record 0 declares that
 * the .idx has no line for ({@code MISSING_FROM_INDEX}: a truncated index loses no face silently).
 * What record 0 declares and what the index held go to the manifest's notes ({@link #NOTES}).
 *
 * <p>Identity = the class name ({@link PackClassNames}: {@code class-<n>}, or a names file), source
 * path = the record key, content hash = SHA-256 of the image bytes.
 */
public final class PackFaces extends PTransform<PBegin, PCollectionTuple> {
  public static final TupleTag<FaceImage> INPUTS = new TupleTag<>() {};
  public static final TupleTag<AlignedFace> ALIGNED = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD = new TupleTag<>() {};

  /** What record 0 declares against what train.idx holds ({@link InputNotes}). */
  public static final TupleTag<KV<String, Long>> NOTES = new TupleTag<>() {};

  /** The keys of the records read (internal: what the index holds). */
  private static final TupleTag<Long> KEYS = new TupleTag<>() {};

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
                    .withOutputTags(ALIGNED, TupleTagList.of(INPUTS).and(DEAD).and(KEYS)));
    out.get(INPUTS).setCoder(RecordCoders.of(FaceImage.class));
    out.get(ALIGNED).setCoder(RecordCoders.of(AlignedFace.class));
    out.get(DEAD).setCoder(RecordCoders.of(DeadLetter.class));
    PCollectionTuple missing =
        out.get(KEYS)
            .setCoder(VarLongCoder.of())
            .apply("KeyRanges", Combine.globally(new KeyRanges.Fn()))
            .apply(
                "MissingFromIndex",
                ParDo.of(new DeclaredFacesFn(dir))
                    .withOutputTags(NOTES, TupleTagList.of(INPUTS).and(DEAD)));
    missing.get(INPUTS).setCoder(RecordCoders.of(FaceImage.class));
    missing.get(DEAD).setCoder(RecordCoders.of(DeadLetter.class));
    return PCollectionTuple.of(ALIGNED, out.get(ALIGNED))
        .and(INPUTS, both(out, missing, INPUTS, "AllInputs"))
        .and(DEAD, both(out, missing, DEAD, "AllDead"))
        .and(NOTES, missing.get(NOTES).setCoder(InputNotes.coder()));
  }

  private static <T> PCollection<T> both(
      PCollectionTuple a, PCollectionTuple b, TupleTag<T> tag, String name) {
    return PCollectionList.of(a.get(tag)).and(b.get(tag)).apply(name, Flatten.pCollections());
  }

  /**
   * What record 0 declares against what train.idx holds: every declared face key without an .idx
   * line becomes an input and a dead letter {@code MISSING_FROM_INDEX}, and the counts go to the
   * manifest's notes. A declaration that train.rec could not hold (each face record takes at least
   * {@value #MIN_FACE_RECORD_BYTES} bytes) fails instead, so a forged record 0 cannot make this
   * emit more records than the pack's size allows.
   */
  private static final class DeclaredFacesFn extends DoFn<KeyRanges, KV<String, Long>> {
    private final String dir;

    DeclaredFacesFn(String dir) {
      this.dir = dir;
    }

    @ProcessElement
    public void process(@Element KeyRanges keys, MultiOutputReceiver out) throws IOException {
      PackLayout layout = PackFiles.readLayout(dir);
      if (!layout.hasHeader()) {
        return; // every key is a face: nothing is declared beyond the index itself
      }
      long declared = layout.declaredFaces();
      checkDeclarable(dir, declared);
      long indexed = keys.countIn(1, declared);
      out.get(NOTES).output(KV.of(InputNotes.PACK_DECLARED_FACES, declared));
      out.get(NOTES).output(KV.of(InputNotes.PACK_INDEXED_FACES, indexed));
      out.get(NOTES).output(KV.of(InputNotes.PACK_MISSING_FROM_INDEX, declared - indexed));
      for (long[] gap : keys.missingIn(1, declared)) {
        for (long key = gap[0]; key <= gap[1]; key++) {
          String path = Long.toString(key);
          FaceImage input = ListFaceImages.face(dir, path, "", -1);
          out.get(INPUTS).output(input);
          out.get(DEAD)
              .output(
                  DeadLetters.of(
                      path,
                      "ingest",
                      PackFailure.MISSING_FROM_INDEX.code(),
                      "record 0 declares faces 1.."
                          + declared
                          + "; "
                          + RecordIoFile.IDX
                          + " has no line for keys "
                          + gap[0]
                          + ".."
                          + gap[1],
                      input.getId()));
        }
      }
    }
  }

  /** Each face record: the RecordIO magic and length (8 bytes) and the 24-byte image header. */
  public static final long MIN_FACE_RECORD_BYTES = 32;

  /**
   * Fails when record 0 declares more faces than train.rec could hold: the declaration is wrong or
   * the pack is cut to a fraction of itself; either way its faces cannot be accounted for one by
   * one.
   */
  public static void checkDeclarable(String dir, long declaredFaces) throws IOException {
    long recBytes =
        FileSystems.matchSingleFileSpec(PackFiles.file(dir, RecordIoFile.REC).toString())
            .sizeBytes();
    if (declaredFaces > recBytes / MIN_FACE_RECORD_BYTES) {
      throw new IOException(
          String.format(
              "%s: record 0 declares %,d faces, more than %s (%,d bytes, at least %d per face)"
                  + " can hold: the pack is cut short or its record 0 is wrong",
              dir, declaredFaces, RecordIoFile.REC, recBytes, MIN_FACE_RECORD_BYTES));
    }
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
      if (r.key() >= 0) {
        out.get(KEYS).output(r.key());
      }
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
