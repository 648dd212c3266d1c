package io.lfsbeam.evaluate;

import com.google.auto.value.AutoValue;
import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.FaceEmbedding;
import io.lfsbeam.schemas.Split;
import io.lfsbeam.schemas.VerificationPair;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Distinct;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Evaluates an exported SavedModel on aligned faces and verification pairs: select the faces needed
 * → {@link EmbedFaces} → {@link ScorePairs} → {@link ComputeMetrics}.
 *
 * <pre>{@code
 * EvaluateModel.Result r = EvaluateModel.inputs(faces, pairs)
 *     .apply(EvaluateModel.of("/models/run7").withEvalSet("test").withFlipFusion(true)
 *         .withGallery(GalleryProtocol.parse("enrol:2,4,5,7,9"), Split.TEST));
 * r.metrics();  r.embeddings();  r.scoredPairs();
 * r.apply(WriteEvaluation.to("/out/eval"));
 * }</pre>
 *
 * <p>Only the faces some pair names are embedded, plus every face of the gallery split when a
 * gallery protocol is set (its enrolment images are the gallery, the rest probes); so the input may
 * be all splits at no embedding cost. Counters {@code lfs.evaluate/toEmbed} and {@code
 * lfs.evaluate/embedded} give progress.
 */
@AutoValue
public abstract class EvaluateModel extends PTransform<PCollectionTuple, EvaluateModel.Result> {
  public static final TupleTag<AlignedFace> FACES = new TupleTag<>("faces") {};
  public static final TupleTag<VerificationPair> PAIRS = new TupleTag<>("pairs") {};

  /** Faces the evaluation will embed: with {@link EmbedFaces#EMBEDDED}, its progress. */
  public static final MetricName TO_EMBED = MetricName.named(EmbedFaces.NAMESPACE, "toEmbed");

  abstract String modelDir();

  abstract String evalSet();

  abstract boolean flipFusion();

  abstract int batchSize();

  abstract @Nullable GalleryProtocol gallery();

  abstract @Nullable Split gallerySplit();

  abstract Builder toBuilder();

  /**
   * @param savedModelDir an exported SavedModel, readable as a local path on every worker
   */
  public static EvaluateModel of(String savedModelDir) {
    return new AutoValue_EvaluateModel.Builder()
        .setModelDir(savedModelDir)
        .setEvalSet("eval")
        .setFlipFusion(false)
        .setBatchSize(Embedder.BATCH)
        .build();
  }

  /** The faces and pairs as this transform's input. */
  public static PCollectionTuple inputs(
      PCollection<AlignedFace> faces, PCollection<VerificationPair> pairs) {
    return PCollectionTuple.of(FACES, faces).and(PAIRS, pairs);
  }

  /** Name recorded as {@code EvalMetrics.evalSet} (e.g. test, val, lfw). */
  public EvaluateModel withEvalSet(String name) {
    return toBuilder().setEvalSet(name).build();
  }

  public EvaluateModel withFlipFusion(boolean flip) {
    return toBuilder().setFlipFusion(flip).build();
  }

  public EvaluateModel withBatchSize(int size) {
    return toBuilder().setBatchSize(size).build();
  }

  /** Adds rank-1/rank-5 identification over the faces of {@code split}, per {@code protocol}. */
  public EvaluateModel withGallery(GalleryProtocol protocol, Split split) {
    return toBuilder().setGallery(protocol).setGallerySplit(split).build();
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("model", modelDir()).withLabel("SavedModel"))
        .add(DisplayData.item("evalSet", evalSet()).withLabel("Evaluation set"))
        .add(DisplayData.item("flipFusion", flipFusion()).withLabel("Flip fusion"))
        .add(DisplayData.item("batchSize", batchSize()).withLabel("Faces per inference batch"))
        .addIfNotNull(
            DisplayData.item("gallery", gallery() == null ? null : gallery().toString())
                .withLabel("Identification protocol"))
        .addIfNotNull(
            DisplayData.item("gallerySplit", gallerySplit() == null ? null : gallerySplit().name())
                .withLabel("Gallery split"));
  }

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setModelDir(String dir);

    abstract Builder setEvalSet(String name);

    abstract Builder setFlipFusion(boolean flip);

    abstract Builder setBatchSize(int size);

    abstract Builder setGallery(GalleryProtocol protocol);

    abstract Builder setGallerySplit(Split split);

    abstract EvaluateModel build();
  }

  @Override
  public Result expand(PCollectionTuple input) {
    PCollection<AlignedFace> faces = input.get(FACES);
    PCollection<VerificationPair> pairs = input.get(PAIRS);
    PCollectionView<Map<String, Boolean>> pairIds =
        pairs
            .apply(
                "PairFaceIds",
                FlatMapElements.into(TypeDescriptors.strings())
                    .via(
                        (VerificationPair p) ->
                            List.of(p.getLeftId().toString(), p.getRightId().toString())))
            .apply("DistinctIds", Distinct.create())
            .apply(
                "AsKeys",
                MapElements.into(
                        TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.booleans()))
                    .via((String id) -> KV.of(id, true)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), BooleanCoder.of()))
            .apply("IdView", View.asMap());
    PCollection<AlignedFace> needed =
        faces
            .apply(
                "SelectFaces",
                ParDo.of(new SelectFn(pairIds, gallery() == null ? null : gallerySplit()))
                    .withSideInputs(pairIds))
            .setCoder(RecordCoders.of(AlignedFace.class));
    PCollection<FaceEmbedding> embeddings =
        needed.apply(
            "EmbedFaces",
            EmbedFaces.withModel(modelDir())
                .withFlipFusion(flipFusion())
                .withBatchSize(batchSize()));
    PCollection<ScoredPair> scored = pairs.apply("ScorePairs", ScorePairs.against(embeddings));
    ComputeMetrics compute = ComputeMetrics.of(modelDir(), evalSet()).withFlipFusion(flipFusion());
    if (gallery() != null) {
      Split s = gallerySplit();
      PCollection<FaceEmbedding> splitFaces =
          embeddings
              .apply("GallerySplit", Filter.by((FaceEmbedding e) -> e.getSplit() == s))
              .setCoder(RecordCoders.of(FaceEmbedding.class));
      compute = compute.withIdentification(gallery(), splitFaces);
    }
    PCollection<EvalMetrics> metrics = scored.apply("ComputeMetrics", compute);
    return new Result(input.getPipeline(), embeddings, scored, metrics, modelDir(), evalSet());
  }

  /** Keeps the faces a pair names, and every face of the gallery split. */
  private static final class SelectFn extends DoFn<AlignedFace, AlignedFace> {
    private final Counter toEmbed = Metrics.counter(TO_EMBED.getNamespace(), TO_EMBED.getName());
    private final PCollectionView<Map<String, Boolean>> pairIds;
    private final Split gallerySplit;

    SelectFn(PCollectionView<Map<String, Boolean>> pairIds, Split gallerySplit) {
      this.pairIds = pairIds;
      this.gallerySplit = gallerySplit;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      AlignedFace f = c.element();
      if (f.getSplit() == gallerySplit || c.sideInput(pairIds).containsKey(f.getId().toString())) {
        toEmbed.inc();
        c.output(f);
      }
    }
  }

  /** What an evaluation produced; apply {@link WriteEvaluation} to write it. */
  public static final class Result implements PInput, POutput {
    private final Pipeline pipeline;
    private final PCollection<FaceEmbedding> embeddings;
    private final PCollection<ScoredPair> scoredPairs;
    private final PCollection<EvalMetrics> metrics;
    private final String modelDir;
    private final String evalSet;

    Result(
        Pipeline pipeline,
        PCollection<FaceEmbedding> embeddings,
        PCollection<ScoredPair> scoredPairs,
        PCollection<EvalMetrics> metrics,
        String modelDir,
        String evalSet) {
      this.pipeline = pipeline;
      this.embeddings = embeddings;
      this.scoredPairs = scoredPairs;
      this.metrics = metrics;
      this.modelDir = modelDir;
      this.evalSet = evalSet;
    }

    /** Embeddings of every face that was needed (pair faces and the gallery split). */
    public PCollection<FaceEmbedding> embeddings() {
      return embeddings;
    }

    public PCollection<ScoredPair> scoredPairs() {
      return scoredPairs;
    }

    /** Exactly one element. */
    public PCollection<EvalMetrics> metrics() {
      return metrics;
    }

    public String modelDir() {
      return modelDir;
    }

    public String evalSet() {
      return evalSet;
    }

    @Override
    public Pipeline getPipeline() {
      return pipeline;
    }

    public <O extends POutput> O apply(String name, PTransform<? super Result, O> t) {
      return Pipeline.applyTransform(name, this, t);
    }

    public <O extends POutput> O apply(PTransform<? super Result, O> t) {
      return Pipeline.applyTransform(this, t);
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      return Map.of(
          new TupleTag<FaceEmbedding>("embeddings"),
          embeddings,
          new TupleTag<ScoredPair>("scoredPairs"),
          scoredPairs,
          new TupleTag<EvalMetrics>("metrics"),
          metrics);
    }

    @Override
    public void finishSpecifyingOutput(
        String transformName, PInput input, PTransform<?, ?> transform) {}
  }
}
