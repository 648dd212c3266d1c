package io.lfsbeam.preprocess;

import com.google.auto.value.AutoValue;
import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.AlignmentMethod;
import io.lfsbeam.schemas.DeadLetter;
import io.lfsbeam.schemas.FaceImage;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
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
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The preprocess data path as one composite: list → (landmarks) → decode and align → drop
 * duplicates → per-identity filter and numbering → split and labels → verification pairs. An
 * insightface pack ({@link #fromPack}) replaces the first three steps with {@link PackFaces}.
 *
 * <pre>{@code
 * PreprocessFaces.Result r = p.apply(PreprocessFaces.fromFolder("/data/casia")
 *     .withLandmarks("/data/casia/landmarks.txt").withConfig(cfg).withSplit(IdentitySplit.byFractions(.8, .1, .1, 7)));
 * r.faces();  r.deadLetters();  r.duplicates();  r.pairs();
 * }</pre>
 */
@AutoValue
public abstract class PreprocessFaces extends PTransform<PBegin, PreprocessFaces.Result> {
  /** Folder or list input; null for a pack. */
  abstract @Nullable ListFaceImages source();

  /** Pack input; null for a folder or list. */
  abstract @Nullable PackFaces pack();

  abstract @Nullable String landmarks();

  abstract PreprocessConfig config();

  abstract IdentitySplit split();

  abstract Builder toBuilder();

  public static PreprocessFaces fromFolder(String root) {
    return from(ListFaceImages.fromFolder(root));
  }

  public static PreprocessFaces fromList(String listFile) {
    return from(ListFaceImages.fromList(listFile));
  }

  /**
   * The images the caller listed: references read from its own manifest, table or export with
   * Beam's IOs, made with {@link FaceImages#of} (URI, identity, optional landmarks).
   *
   * <pre>{@code
   * PCollection<FaceImage> images = p.apply(TextIO.read().from("gs://bucket/faces.csv"))
   *     .apply(MapElements.into(TypeDescriptor.of(FaceImage.class))
   *         .via(line -> FaceImages.of(line.split(",")[0], line.split(",")[1])))
   *     .setCoder(RecordCoders.of(FaceImage.class));
   * PreprocessFaces.Result r = p.apply(PreprocessFaces.fromImages(images).withConfig(cfg));
   * }</pre>
   */
  public static PreprocessFaces fromImages(PCollection<FaceImage> images) {
    return from(ListFaceImages.of(images));
  }

  private static PreprocessFaces from(ListFaceImages source) {
    return new AutoValue_PreprocessFaces.Builder()
        .setSource(source)
        .setConfig(PreprocessConfig.defaults())
        .setSplit(IdentitySplit.defaults())
        .build();
  }

  /**
   * The faces of an insightface pack ({@code train.rec} + {@code train.idx} in {@code dir}), kept
   * as they are ({@code alignment=none}) unless {@link #withConfig} says otherwise.
   */
  public static PreprocessFaces fromPack(String dir) {
    return new AutoValue_PreprocessFaces.Builder()
        .setPack(PackFaces.from(dir))
        .setConfig(PreprocessConfig.defaults().withAlignment(AlignmentMethod.NONE))
        .setSplit(IdentitySplit.defaults())
        .build();
  }

  /** A pack's identity names from a {@code <class index><TAB><name>} file. */
  public PreprocessFaces withClassNames(String file) {
    if (pack() == null) {
      throw new IllegalArgumentException("class names apply to a pack input only");
    }
    return toBuilder().setPack(pack().withClassNames(file)).build();
  }

  public PreprocessFaces withLandmarks(String landmarkFile) {
    if (pack() != null) {
      throw new IllegalArgumentException("a pack has no landmark file: its faces come aligned");
    }
    return toBuilder().setLandmarks(landmarkFile).build();
  }

  public PreprocessFaces withConfig(PreprocessConfig c) {
    return toBuilder().setConfig(c).build();
  }

  public PreprocessFaces withSplit(IdentitySplit s) {
    return toBuilder().setSplit(s).build();
  }

  public String root() {
    return pack() != null ? pack().dir() : source().root();
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("input", root()).withLabel("Dataset"))
        .addIfNotNull(DisplayData.item("landmarks", landmarks()).withLabel("Landmark file"))
        .add(DisplayData.item("split", split().describe()).withLabel("Identity split"))
        .include("config", config());
  }

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setSource(ListFaceImages source);

    abstract Builder setPack(PackFaces pack);

    abstract Builder setLandmarks(String landmarks);

    abstract Builder setConfig(PreprocessConfig config);

    abstract Builder setSplit(IdentitySplit split);

    abstract PreprocessFaces build();
  }

  /** The record without image of a prepared face, and the prepare step's dead letters. */
  static final TupleTag<AlignedFace> PREPARED_RECORDS = new TupleTag<>() {};

  static final TupleTag<DeadLetter> PREPARED_DEAD = new TupleTag<>() {};

  @Override
  public Result expand(PBegin begin) {
    PCollection<FaceImage> inputs;
    PCollection<KV<Integer, ShardEntry>> prepared;
    PCollectionList<DeadLetter> ingestDead;
    PCollection<KV<String, Long>> notes;
    if (pack() != null) {
      PCollectionTuple read = begin.apply("ReadPack", pack().withConfig(config()));
      inputs = read.get(PackFaces.INPUTS);
      prepared =
          read.get(PackFaces.ALIGNED)
              .apply("SplitImages", ParDo.of(new SplitImageFn(config().shardsPerSplit())))
              .setCoder(PrepareFaces.coder());
      ingestDead = PCollectionList.of(read.get(PackFaces.DEAD));
      notes = read.get(PackFaces.NOTES);
    } else {
      PCollectionTuple listed = begin.apply("List", source());
      PCollection<FaceImage> images = listed.get(ListFaceImages.FACES);
      ingestDead = PCollectionList.of(listed.get(ListFaceImages.DEAD));
      if (landmarks() != null) {
        PCollectionTuple attached =
            images.apply("AttachLandmarks", AttachLandmarks.from(landmarks()));
        images = attached.get(AttachLandmarks.FACES);
        ingestDead = ingestDead.and(attached.get(AttachLandmarks.DEAD));
        notes = attached.get(AttachLandmarks.NOTES);
      } else {
        notes = InputNotes.none(begin.getPipeline(), "NoNotes");
      }
      prepared = images.apply("Prepare", PrepareFaces.with(config()));
      inputs = listed.get(ListFaceImages.INPUTS);
    }
    // every decision that needs the whole dataset is made on the records without their images;
    // the images wait in the prepared entries until the shard writer joins them back
    // (WriteFaceShards)
    PCollectionTuple records =
        prepared.apply(
            "Records",
            ParDo.of(new RecordsFn())
                .withOutputTags(PREPARED_RECORDS, TupleTagList.of(PREPARED_DEAD)));
    records.get(PREPARED_RECORDS).setCoder(RecordCoders.of(AlignedFace.class));
    records.get(PREPARED_DEAD).setCoder(RecordCoders.of(DeadLetter.class));
    PCollectionTuple deduped =
        records.get(PREPARED_RECORDS).apply("Dedup", DropDuplicates.byContentHash());
    PCollectionTuple grouped =
        deduped
            .get(DropDuplicates.KEPT)
            .apply("Identities", GroupIdentities.withMinImages(config().minImagesPerIdentity()));
    PCollectionView<Map<String, IdentitySplit.Assignment>> assignments =
        grouped
            .get(GroupIdentities.IDENTITIES)
            .apply("SplitIdentities", AssignSplits.view(split()));
    PCollection<AlignedFace> metadata =
        grouped.get(GroupIdentities.FACES).apply("Label", AssignSplits.apply(assignments));
    PCollection<DeadLetter> dead =
        ingestDead
            .and(records.get(PREPARED_DEAD))
            .and(grouped.get(GroupIdentities.DEAD))
            .apply("AllDeadLetters", Flatten.pCollections())
            .setCoder(RecordCoders.of(DeadLetter.class));
    PCollection<BuildPairs.SplitPairs> pairs =
        metadata.apply("Pairs", BuildPairs.of(config().matchedPairsPerFold(), config().seed()));
    return new Result(
        begin.getPipeline(),
        inputs,
        prepared,
        metadata,
        dead,
        deduped.get(DropDuplicates.DUPLICATES),
        pairs,
        assignments,
        notes,
        config());
  }

  /** A prepared entry's record (without image) or dead letter. */
  static final class RecordsFn extends DoFn<KV<Integer, ShardEntry>, AlignedFace> {
    @ProcessElement
    public void process(@Element KV<Integer, ShardEntry> e, MultiOutputReceiver out) {
      ShardEntry entry = e.getValue();
      switch (entry.kind()) {
        case FACE -> out.get(PREPARED_RECORDS).output(entry.record());
        case DEAD -> out.get(PREPARED_DEAD).output(entry.deadLetter());
        case DECISION -> throw new IllegalStateException("a decision among prepared faces");
      }
    }
  }

  /** A whole aligned record (a pack's face) as a prepared entry: record and PNG apart. */
  static final class SplitImageFn extends DoFn<AlignedFace, KV<Integer, ShardEntry>> {
    private final int shards;

    SplitImageFn(int shards) {
      this.shards = shards;
    }

    @ProcessElement
    public void process(@Element AlignedFace f, OutputReceiver<KV<Integer, ShardEntry>> out) {
      out.output(KV.of(PrepareFaces.shardOf(f.getId(), shards), ShardEntry.ofAligned(f)));
    }
  }

  /**
   * A new record holding the same field values, so a step can change a field without copying the
   * image bytes as Avro's {@code newBuilder(f)} does (a deep copy); the input is left as it was.
   */
  static AlignedFace shallowCopy(AlignedFace f) {
    AlignedFace copy = new AlignedFace();
    for (int i = 0; i < f.getSchema().getFields().size(); i++) {
      copy.put(i, f.get(i));
    }
    return copy;
  }

  /** The outputs: accepted faces, dead letters, duplicates, pairs, and the identity assignment. */
  public static final class Result implements PInput, POutput {
    private final Pipeline pipeline;
    private final PCollection<FaceImage> inputs;
    private final PCollection<KV<Integer, ShardEntry>> prepared;
    private final PCollection<AlignedFace> metadata;
    private final PCollection<DeadLetter> deadLetters;
    private final PCollection<DeadLetter> duplicates;
    private final PCollection<BuildPairs.SplitPairs> pairs;
    private final PCollectionView<Map<String, IdentitySplit.Assignment>> assignments;
    private final PCollection<KV<String, Long>> notes;
    private final PreprocessConfig config;
    private PCollection<AlignedFace> faces;

    Result(
        Pipeline pipeline,
        PCollection<FaceImage> inputs,
        PCollection<KV<Integer, ShardEntry>> prepared,
        PCollection<AlignedFace> metadata,
        PCollection<DeadLetter> deadLetters,
        PCollection<DeadLetter> duplicates,
        PCollection<BuildPairs.SplitPairs> pairs,
        PCollectionView<Map<String, IdentitySplit.Assignment>> assignments,
        PCollection<KV<String, Long>> notes,
        PreprocessConfig config) {
      this.pipeline = pipeline;
      this.inputs = inputs;
      this.prepared = prepared;
      this.metadata = metadata;
      this.deadLetters = deadLetters;
      this.duplicates = duplicates;
      this.pairs = pairs;
      this.assignments = assignments;
      this.notes = notes;
      this.config = config;
    }

    /**
     * Every input record, before any refusal: listed images, and a record for each entry refused at
     * listing (a malformed list line, a path or link out of the input, a pack key missing from its
     * index), which is also a dead letter.
     */
    public PCollection<FaceImage> inputs() {
      return inputs;
    }

    /**
     * Every image after the fused prepare step, keyed by its shard index ({@link
     * PrepareFaces#shardOf}): faces as their record without image plus the PNG, and that step's
     * refusals. The images' one way out is {@link WriteFaceShards}, which joins them with {@link
     * #metadata()}.
     */
    public PCollection<KV<Integer, ShardEntry>> prepared() {
      return prepared;
    }

    /**
     * Counts about the input that are not records ({@link InputNotes}), as {@code KV(name, count)}
     * pieces to be summed per name.
     */
    public PCollection<KV<String, Long>> notes() {
      return notes;
    }

    /**
     * The accepted faces, labelled and split, with an empty image: everything else of each record,
     * for steps that count, fingerprint or pair faces and must not move their pixels, and the
     * decisions {@link WriteFaceShards} applies to the images.
     */
    public PCollection<AlignedFace> metadata() {
      return metadata;
    }

    /**
     * The accepted faces, labelled and split, with their images: for a step of your own that needs
     * the pixels (embedding them, writing them to your own sink). The first call adds a join by
     * face id ({@code JoinFaceImages}, one more grouping of every image) to the pipeline; later
     * calls return the same collection. {@code lfs preprocess} does not use it: its images reach
     * the shard writer through {@link WriteFaceShards} alone.
     */
    public synchronized PCollection<AlignedFace> faces() {
      if (faces == null) {
        faces = apply("FacesWithImages", new JoinFaceImages());
      }
      return faces;
    }

    public PCollection<DeadLetter> deadLetters() {
      return deadLetters;
    }

    public PCollection<DeadLetter> duplicates() {
      return duplicates;
    }

    public PCollection<BuildPairs.SplitPairs> pairs() {
      return pairs;
    }

    public PCollectionView<Map<String, IdentitySplit.Assignment>> assignments() {
      return assignments;
    }

    public PreprocessConfig config() {
      return config;
    }

    @Override
    public Pipeline getPipeline() {
      return pipeline;
    }

    /** Applies a transform to this result, as {@code PCollection.apply} does. */
    public <O extends POutput> O apply(String name, PTransform<? super Result, O> t) {
      return Pipeline.applyTransform(name, this, t);
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      return Map.of(
          new TupleTag<KV<Integer, ShardEntry>>("prepared"),
          prepared,
          new TupleTag<AlignedFace>("metadata"),
          metadata,
          new TupleTag<DeadLetter>("deadLetters"),
          deadLetters,
          new TupleTag<DeadLetter>("duplicates"),
          duplicates,
          new TupleTag<BuildPairs.SplitPairs>("pairs"),
          pairs);
    }

    @Override
    public void finishSpecifyingOutput(
        String transformName, PInput input, PTransform<?, ?> transform) {}
  }
}
