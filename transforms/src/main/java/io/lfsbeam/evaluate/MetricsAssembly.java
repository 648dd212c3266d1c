package io.lfsbeam.evaluate;

import io.lfsbeam.metrics.GroupVerification;
import io.lfsbeam.metrics.GroupVerificationResult;
import io.lfsbeam.metrics.IdentificationResult;
import io.lfsbeam.metrics.Roc;
import io.lfsbeam.metrics.RocCurve;
import io.lfsbeam.metrics.VerificationProtocol;
import io.lfsbeam.metrics.VerificationResult;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.GroupAccuracy;
import io.lfsbeam.schemas.TarAtFar;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The one place that turns scored pairs (and an optional identification result) into {@link
 * EvalMetrics}; used by the Beam transform {@link ComputeMetrics} and by the plain-Java {@link
 * ModelEvaluation}, so the search's reward and the {@code evaluate} command cannot drift.
 *
 * <ul>
 *   <li>verification: {@link VerificationProtocol} with the pairs' own folds (10 for LFW-style
 *       pairs);
 *   <li>ROC, AUC and EER from {@link RocCurve}; TAR at each of {@link Roc#STANDARD_FAR_TARGETS}
 *       only where the impostor count resolves it ({@link Roc#tarAtFar}), so 600 impostors give FAR
 *       1e-1 and 1e-2 and nothing below;
 *   <li>groups: when any pair carries a group tag, {@link GroupVerification} over the tagged pairs
 *       (untagged pairs still count in the overall figures);
 *   <li>rank-1/rank-5 when an identification result is given.
 * </ul>
 */
public final class MetricsAssembly {
  private MetricsAssembly() {}

  /** The metrics and the ROC they were read from (the ROC is written as roc.tsv / roc.png). */
  public record Evaluation(EvalMetrics metrics, Roc roc) {}

  /**
   * @param identification rank results of a gallery/probe protocol, or null
   * @throws IllegalArgumentException when the pairs cannot support the protocol (a fold without
   *     pairs, no matched or no mismatched pair, NaN scores from a diverged model)
   */
  public static Evaluation assemble(
      String modelUri, String evalSet, PairScores pairs, IdentificationResult identification) {
    int nonFinite = 0;
    for (double score : pairs.scores) {
      nonFinite += Double.isFinite(score) ? 0 : 1;
    }
    if (nonFinite > 0) {
      throw new IllegalArgumentException(
          nonFinite
              + " of "
              + pairs.size()
              + " "
              + evalSet
              + " pair scores are not finite: the model "
              + modelUri
              + " embeds faces as NaN or infinity (it diverged)");
    }
    VerificationResult v = VerificationProtocol.run(pairs.scores, pairs.same, pairs.folds);
    Roc roc = roc(pairs);
    List<TarAtFar> tars = new ArrayList<>();
    for (io.lfsbeam.metrics.TarAtFar t : roc.tarAtStandardFars()) {
      tars.add(
          TarAtFar.newBuilder()
              .setFar(t.targetFar())
              .setTar(t.tar())
              .setThreshold(t.threshold())
              .build());
    }
    EvalMetrics.Builder m =
        EvalMetrics.newBuilder()
            .setCandidate(null)
            .setModelUri(modelUri)
            .setEvalSet(evalSet)
            .setPairs(pairs.size())
            .setAccuracyMean(v.meanAccuracy())
            .setAccuracyStd(v.stdAccuracy())
            .setFoldAccuracies(boxed(v.foldAccuracies()))
            .setFoldThresholds(boxed(v.foldThresholds()))
            .setThreshold(v.meanThreshold())
            .setTarAtFar(tars)
            .setAuc(roc.auc())
            .setEer(roc.eer())
            .setRank1(identification == null ? null : identification.rank1())
            .setRank5(identification == null ? null : identification.rank5())
            .setGroups(new ArrayList<>())
            .setGroupGap(null)
            .setGroupStd(null);
    if (pairs.hasGroups()) {
      addGroups(m, pairs);
    }
    return new Evaluation(m.build(), roc);
  }

  /**
   * The metrics of a model that embedded {@code nonFiniteEmbeddings} faces as NaN or ∞ (it
   * diverged): nothing can be scored, so every accuracy is NaN and the count says why. The search
   * records such a candidate as NAN, like a NaN loss (it is never a reward of chance level).
   */
  public static EvalMetrics diverged(
      String modelUri, String evalSet, int pairs, int nonFiniteEmbeddings) {
    if (nonFiniteEmbeddings < 1) {
      throw new IllegalArgumentException("a diverged model has at least one non-finite embedding");
    }
    return EvalMetrics.newBuilder()
        .setCandidate(null)
        .setModelUri(modelUri)
        .setEvalSet(evalSet)
        .setPairs(pairs)
        .setAccuracyMean(Double.NaN)
        .setAccuracyStd(Double.NaN)
        .setFoldAccuracies(new ArrayList<>())
        .setFoldThresholds(new ArrayList<>())
        .setThreshold(Double.NaN)
        .setNonFiniteEmbeddings(nonFiniteEmbeddings)
        .build();
  }

  /**
   * The metrics of a model that could not be scored at all (its evaluation threw): every accuracy
   * NaN and {@code error} saying why, so the failure travels with the candidate instead of leaving
   * it without metrics.
   */
  public static EvalMetrics failed(String modelUri, String evalSet, String error) {
    return EvalMetrics.newBuilder()
        .setCandidate(null)
        .setModelUri(modelUri == null ? "" : modelUri)
        .setEvalSet(evalSet)
        .setPairs(0)
        .setAccuracyMean(Double.NaN)
        .setAccuracyStd(Double.NaN)
        .setFoldAccuracies(new ArrayList<>())
        .setFoldThresholds(new ArrayList<>())
        .setThreshold(Double.NaN)
        .setEvaluationError(error)
        .build();
  }

  /** The exact ROC of the pairs (what {@link #assemble} reads AUC, EER and TAR from). */
  public static Roc roc(PairScores pairs) {
    return RocCurve.compute(pairs.scores, pairs.same);
  }

  private static void addGroups(EvalMetrics.Builder m, PairScores pairs) {
    int n = 0;
    for (String g : pairs.groups) {
      n += g == null ? 0 : 1;
    }
    double[] s = new double[n];
    boolean[] l = new boolean[n];
    int[] f = new int[n];
    String[] g = new String[n];
    int j = 0;
    for (int i = 0; i < pairs.size(); i++) {
      if (pairs.groups[i] != null) {
        s[j] = pairs.scores[i];
        l[j] = pairs.same[i];
        f[j] = pairs.folds[i];
        g[j++] = pairs.groups[i];
      }
    }
    GroupVerificationResult r = GroupVerification.run(s, l, f, g);
    List<GroupAccuracy> groups = new ArrayList<>();
    for (Map.Entry<String, VerificationResult> e : r.byGroup().entrySet()) {
      int count = (int) Arrays.stream(g).filter(e.getKey()::equals).count();
      groups.add(
          GroupAccuracy.newBuilder()
              .setGroup(e.getKey())
              .setPairs(count)
              .setAccuracyMean(e.getValue().meanAccuracy())
              .build());
    }
    m.setGroups(groups).setGroupGap(r.gap()).setGroupStd(r.std());
  }

  private static List<Double> boxed(double[] values) {
    List<Double> out = new ArrayList<>(values.length);
    for (double v : values) {
      out.add(v);
    }
    return out;
  }
}
