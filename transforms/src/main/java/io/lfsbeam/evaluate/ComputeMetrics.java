package io.lfsbeam.evaluate;

import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.metrics.IdentificationResult;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.FaceEmbedding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All scored pairs (and, for identification, the split's embeddings) → one {@link EvalMetrics},
 * assembled by {@link MetricsAssembly} on one worker: the 10-fold protocol needs every score at
 * once, and at 8 bytes a score that is no burden (LFW's 6,000 pairs: ~0.5 MB with ids).
 *
 * <pre>{@code
 * PCollection<EvalMetrics> m = scored.apply(ComputeMetrics.of("/models/run7", "test")
 *     .withIdentification(GalleryProtocol.parse("enrol:2,4,5,7,9"), testEmbeddings));
 * }</pre>
 */
public final class ComputeMetrics
    extends PTransform<PCollection<ScoredPair>, PCollection<EvalMetrics>> {
  private static final Logger LOG = LoggerFactory.getLogger(ComputeMetrics.class);
  private final String modelUri;
  private final String evalSet;
  private final boolean flipFusion;
  private final GalleryProtocol gallery;
  private final PCollection<FaceEmbedding> galleryFaces;

  private ComputeMetrics(
      String modelUri,
      String evalSet,
      boolean flipFusion,
      GalleryProtocol gallery,
      PCollection<FaceEmbedding> faces) {
    this.modelUri = modelUri;
    this.evalSet = evalSet;
    this.flipFusion = flipFusion;
    this.gallery = gallery;
    this.galleryFaces = faces;
  }

  public static ComputeMetrics of(String modelUri, String evalSet) {
    return new ComputeMetrics(modelUri, evalSet, false, null, null);
  }

  /** Records that the scores came from flip-fused embeddings ({@code EvalMetrics.flipFusion}). */
  public ComputeMetrics withFlipFusion(boolean flip) {
    return new ComputeMetrics(modelUri, evalSet, flip, gallery, galleryFaces);
  }

  /**
   * Adds rank-1/rank-5 of {@code protocol} over {@code faces} (gallery and probes of one split).
   */
  public ComputeMetrics withIdentification(
      GalleryProtocol protocol, PCollection<FaceEmbedding> faces) {
    return new ComputeMetrics(modelUri, evalSet, flipFusion, protocol, faces);
  }

  @Override
  public PCollection<EvalMetrics> expand(PCollection<ScoredPair> scored) {
    PCollectionView<List<ScoredPair>> pairs = scored.apply("AllScores", View.asList());
    PCollectionView<List<FaceEmbedding>> faces =
        galleryFaces == null ? null : galleryFaces.apply("AllGalleryAndProbes", View.asList());
    AssembleFn fn = new AssembleFn(modelUri, flipFusion, gallery, pairs, faces);
    ParDo.SingleOutput<String, EvalMetrics> assemble =
        faces == null
            ? ParDo.of(fn).withSideInputs(pairs)
            : ParDo.of(fn).withSideInputs(pairs, faces);
    return scored
        .getPipeline()
        .apply("EvalSet", Create.of(evalSet))
        .apply("Assemble", assemble)
        .setCoder(RecordCoders.of(EvalMetrics.class));
  }

  private static final class AssembleFn extends DoFn<String, EvalMetrics> {
    private final String modelUri;
    private final boolean flipFusion;
    private final GalleryProtocol gallery;
    private final PCollectionView<List<ScoredPair>> pairs;
    private final PCollectionView<List<FaceEmbedding>> faces;

    AssembleFn(
        String modelUri,
        boolean flipFusion,
        GalleryProtocol gallery,
        PCollectionView<List<ScoredPair>> pairs,
        PCollectionView<List<FaceEmbedding>> faces) {
      this.modelUri = modelUri;
      this.flipFusion = flipFusion;
      this.gallery = gallery;
      this.pairs = pairs;
      this.faces = faces;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      IdentificationResult id = null;
      if (faces != null) {
        id = gallery.identify(new ArrayList<>(c.sideInput(faces)));
        LOG.info("identification {}: {}", gallery, id);
      }
      EvalMetrics m =
          EvalMetrics.newBuilder(
                  MetricsAssembly.assemble(
                          modelUri, c.element(), PairScores.of(c.sideInput(pairs)), id)
                      .metrics())
              .setFlipFusion(flipFusion)
              .build();
      LOG.info(
          "{}: {} pairs, accuracy {} ± {}",
          c.element(),
          m.getPairs(),
          String.format(Locale.ROOT, "%.4f", m.getAccuracyMean()),
          String.format(Locale.ROOT, "%.4f", m.getAccuracyStd()));
      c.output(m);
    }
  }
}
