package io.lfsbeam.preprocess;

import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.DeadLetter;
import io.lfsbeam.schemas.FaceImage;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The preprocess data path as one composite: list → (landmarks) → decode and align → drop
 * duplicates → per-identity filter and numbering → split and labels → verification pairs.
 *
 * <pre>{@code
 * PreprocessFaces.Result r = p.apply(PreprocessFaces.fromFolder("/data/casia")
 *     .withLandmarks("/data/casia/landmarks.txt").withConfig(cfg).withSplit(IdentitySplit.byFractions(.8, .1, .1, 7)));
 * r.faces();  r.deadLetters();  r.duplicates();  r.pairs();
 * }</pre>
 */
public final class PreprocessFaces extends PTransform<PBegin, PreprocessFaces.Result> {
  private final ListFaceImages source;
  private final String landmarks;
  private final PreprocessConfig config;
  private final IdentitySplit split;

  private PreprocessFaces(
      ListFaceImages source, String landmarks, PreprocessConfig config, IdentitySplit split) {
    this.source = source;
    this.landmarks = landmarks;
    this.config = config;
    this.split = split;
  }

  public static PreprocessFaces fromFolder(String root) {
    return new PreprocessFaces(
        ListFaceImages.fromFolder(root),
        null,
        PreprocessConfig.defaults(),
        IdentitySplit.byFractions(0.8, 0.1, 0.1, 1));
  }

  public static PreprocessFaces fromList(String listFile) {
    return new PreprocessFaces(
        ListFaceImages.fromList(listFile),
        null,
        PreprocessConfig.defaults(),
        IdentitySplit.byFractions(0.8, 0.1, 0.1, 1));
  }

  public PreprocessFaces withLandmarks(String landmarkFile) {
    return new PreprocessFaces(source, landmarkFile, config, split);
  }

  public PreprocessFaces withConfig(PreprocessConfig c) {
    return new PreprocessFaces(source, landmarks, c, split);
  }

  public PreprocessFaces withSplit(IdentitySplit s) {
    return new PreprocessFaces(source, landmarks, config, s);
  }

  public String root() {
    return source.root();
  }

  @Override
  public Result expand(PBegin begin) {
    PCollectionTuple listed = begin.apply("List", source);
    PCollection<FaceImage> images = listed.get(ListFaceImages.FACES);
    if (landmarks != null) {
      images = images.apply("AttachLandmarks", AttachLandmarks.from(landmarks));
    }
    PCollectionTuple aligned = images.apply("Align", AlignFaces.with(config));
    PCollectionTuple deduped =
        aligned.get(AlignFaces.ALIGNED).apply("Dedup", DropDuplicates.byContentHash());
    PCollectionTuple grouped =
        deduped
            .get(DropDuplicates.KEPT)
            .apply("Identities", GroupIdentities.withMinImages(config.minImagesPerIdentity()));
    PCollectionView<Map<String, IdentitySplit.Assignment>> assignments =
        grouped.get(GroupIdentities.IDENTITIES).apply("SplitIdentities", AssignSplits.view(split));
    PCollection<AlignedFace> faces =
        grouped.get(GroupIdentities.FACES).apply("Label", AssignSplits.apply(assignments));
    PCollection<DeadLetter> dead =
        PCollectionList.of(listed.get(ListFaceImages.DEAD))
            .and(aligned.get(AlignFaces.DEAD))
            .and(grouped.get(GroupIdentities.DEAD))
            .apply("AllDeadLetters", Flatten.pCollections())
            .setCoder(AvroCoder.of(DeadLetter.class));
    PCollection<BuildPairs.SplitPairs> pairs =
        faces.apply("Pairs", BuildPairs.of(config.matchedPairsPerFold(), config.seed()));
    return new Result(
        begin.getPipeline(),
        listed.get(ListFaceImages.FACES),
        faces,
        dead,
        deduped.get(DropDuplicates.DUPLICATES),
        pairs,
        assignments,
        config);
  }

  /** The outputs: accepted faces, dead letters, duplicates, pairs, and the identity assignment. */
  public static final class Result implements PInput, POutput {
    private final Pipeline pipeline;
    private final PCollection<FaceImage> inputs;
    private final PCollection<AlignedFace> faces;
    private final PCollection<DeadLetter> deadLetters;
    private final PCollection<DeadLetter> duplicates;
    private final PCollection<BuildPairs.SplitPairs> pairs;
    private final PCollectionView<Map<String, IdentitySplit.Assignment>> assignments;
    private final PreprocessConfig config;

    Result(
        Pipeline pipeline,
        PCollection<FaceImage> inputs,
        PCollection<AlignedFace> faces,
        PCollection<DeadLetter> deadLetters,
        PCollection<DeadLetter> duplicates,
        PCollection<BuildPairs.SplitPairs> pairs,
        PCollectionView<Map<String, IdentitySplit.Assignment>> assignments,
        PreprocessConfig config) {
      this.pipeline = pipeline;
      this.inputs = inputs;
      this.faces = faces;
      this.deadLetters = deadLetters;
      this.duplicates = duplicates;
      this.pairs = pairs;
      this.assignments = assignments;
      this.config = config;
    }

    /**
     * Listed images (before any refusal); list-file lines that could not be parsed are dead
     * letters, not here.
     */
    public PCollection<FaceImage> inputs() {
      return inputs;
    }

    public PCollection<AlignedFace> faces() {
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
          new TupleTag<AlignedFace>("faces"),
          faces,
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
