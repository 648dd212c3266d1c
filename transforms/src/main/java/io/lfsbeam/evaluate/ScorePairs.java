package io.lfsbeam.evaluate;

import io.lfsbeam.schemas.FaceEmbedding;
import io.lfsbeam.schemas.VerificationPair;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Scores verification pairs by the cosine of their faces' embeddings: {@code
 * PCollection<VerificationPair> → PCollection<ScoredPair>}, given the embeddings.
 *
 * <pre>{@code
 * PCollection<ScoredPair> scored = pairs.apply(ScorePairs.against(embeddings));
 * }</pre>
 *
 * <p>The embeddings reach every worker as a side-input map id → float[]. Memory per 100,000 faces:
 * ~63 MB of heap for 128-d embeddings (4·128 + 16 bytes of vector, ~100 bytes of key and map
 * entry), ~215 MB for 512-d, plus the runner's materialised copy (about the encoded size, 4·d + 20
 * bytes per face). Pass only the faces the pairs need ({@link EvaluateModel} does); at millions of
 * faces a join by key (two CoGroupByKeys) would replace the map. A pair naming a face without an
 * embedding fails the pipeline with both ids.
 */
public final class ScorePairs
    extends PTransform<PCollection<VerificationPair>, PCollection<ScoredPair>> {
  private final PCollection<FaceEmbedding> embeddings;

  private ScorePairs(PCollection<FaceEmbedding> embeddings) {
    this.embeddings = embeddings;
  }

  public static ScorePairs against(PCollection<FaceEmbedding> embeddings) {
    return new ScorePairs(embeddings);
  }

  @Override
  public PCollection<ScoredPair> expand(PCollection<VerificationPair> pairs) {
    PCollectionView<Map<String, float[]>> vectors =
        embeddings
            .apply(
                "Vectors",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.strings(), new TypeDescriptor<float[]>() {}))
                    .via((FaceEmbedding e) -> KV.of(e.getId().toString(), EmbedBatch.vector(e))))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(float[].class)))
            .apply("VectorMap", View.asMap());
    return pairs
        .apply("Score", ParDo.of(new ScoreFn(vectors)).withSideInputs(vectors))
        .setCoder(SerializableCoder.of(ScoredPair.class));
  }

  private static final class ScoreFn extends DoFn<VerificationPair, ScoredPair> {
    private final PCollectionView<Map<String, float[]>> vectors;

    ScoreFn(PCollectionView<Map<String, float[]>> vectors) {
      this.vectors = vectors;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      VerificationPair p = c.element();
      Map<String, float[]> v = c.sideInput(vectors);
      float[] left = v.get(p.getLeftId().toString());
      float[] right = v.get(p.getRightId().toString());
      if (left == null || right == null) {
        throw new IllegalStateException(
            "pair "
                + p.getLeftId()
                + " / "
                + p.getRightId()
                + " names a face without an"
                + " embedding ("
                + (left == null ? p.getLeftId() : p.getRightId())
                + "); the pairs do not match the faces");
      }
      c.output(ScoredPair.of(p, left, right));
    }
  }
}
