package io.lfsbeam.evaluate;

import io.lfsbeam.metrics.IdentificationResult;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.FaceEmbedding;
import io.lfsbeam.schemas.VerificationPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluation without Beam, for callers that already hold the faces and a loaded model, such as the
 * search's {@code CandidateRunner} computing a candidate's reward. Same embedding ({@link
 * EmbedBatch}) and metric assembly ({@link MetricsAssembly}) as {@link EvaluateModel}.
 *
 * <p>Only faces that some pair names are embedded (plus, with a gallery protocol, every face
 * given). Memory: the decoded batch (64 × 37,632 bytes at 112×112) plus one float vector per
 * embedded face.
 */
public final class ModelEvaluation {
  static final int BATCH = Embedder.BATCH;

  private ModelEvaluation() {}

  /**
   * 10-fold verification accuracy, ROC figures and TAR@FAR of the pairs; modelUri and evalSet are
   * left empty.
   */
  public static EvalMetrics verify(
      Embedder embedder,
      List<AlignedFace> faces,
      List<VerificationPair> pairs,
      boolean flipFusion) {
    return evaluate(embedder, faces, pairs, flipFusion, null, "", "").metrics();
  }

  /**
   * Full evaluation.
   *
   * @param faces every face a pair names (extra faces are ignored unless {@code gallery} is set)
   * @param gallery when not null, rank-1/rank-5 over all of {@code faces} with this protocol
   * @throws IllegalArgumentException when a pair names a face that is not in {@code faces}, or the
   *     pairs cannot support the protocol (see {@link MetricsAssembly#assemble})
   */
  public static MetricsAssembly.Evaluation evaluate(
      Embedder embedder,
      List<AlignedFace> faces,
      List<VerificationPair> pairs,
      boolean flipFusion,
      GalleryProtocol gallery,
      String modelUri,
      String evalSet) {
    Set<String> needed = new LinkedHashSet<>();
    for (VerificationPair p : pairs) {
      needed.add(p.getLeftId().toString());
      needed.add(p.getRightId().toString());
    }
    List<AlignedFace> selected = new ArrayList<>();
    Set<String> present = new HashSet<>();
    for (AlignedFace f : faces) {
      String id = f.getId().toString();
      present.add(id);
      if (gallery != null || needed.contains(id)) {
        selected.add(f);
      }
    }
    List<String> missing = needed.stream().filter(id -> !present.contains(id)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          missing.size()
              + " face ids named by the pairs are not among the "
              + faces.size()
              + " faces given (first: "
              + String.join(", ", missing.subList(0, Math.min(5, missing.size())))
              + ")");
    }
    List<FaceEmbedding> embedded = embedAll(embedder, selected, flipFusion, evalSet);
    Map<String, float[]> byId = new HashMap<>();
    for (FaceEmbedding e : embedded) {
      byId.put(e.getId().toString(), EmbedBatch.vector(e));
    }
    List<ScoredPair> scored = new ArrayList<>(pairs.size());
    for (VerificationPair p : pairs) {
      scored.add(
          ScoredPair.of(
              p, byId.get(p.getLeftId().toString()), byId.get(p.getRightId().toString())));
    }
    IdentificationResult id = gallery == null ? null : gallery.identify(embedded);
    MetricsAssembly.Evaluation e =
        MetricsAssembly.assemble(modelUri, evalSet, PairScores.of(scored), id);
    return new MetricsAssembly.Evaluation(
        EvalMetrics.newBuilder(e.metrics()).setFlipFusion(flipFusion).build(), e.roc());
  }

  /** Embeds faces in batches, logging progress with the rate. */
  public static List<FaceEmbedding> embedAll(
      Embedder embedder, List<AlignedFace> faces, boolean flipFusion, String what) {
    EmbeddingProgress progress =
        new EmbeddingProgress(what.isEmpty() ? "evaluation" : what, faces.size());
    List<FaceEmbedding> out = new ArrayList<>(faces.size());
    for (int start = 0; start < faces.size(); start += BATCH) {
      List<AlignedFace> batch = faces.subList(start, Math.min(faces.size(), start + BATCH));
      out.addAll(EmbedBatch.embed(embedder, batch, flipFusion));
      progress.add(batch.size());
    }
    return out;
  }
}
