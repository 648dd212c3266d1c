package io.lfsbeam.search.runner;

import io.lfsbeam.eval.Embeddings;
import io.lfsbeam.eval.Roc;
import io.lfsbeam.eval.RocCurve;
import io.lfsbeam.eval.VerificationProtocol;
import io.lfsbeam.eval.VerificationResult;
import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.TarAtFar;
import io.lfsbeam.schemas.VerificationPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Cosine scores of verification pairs from L2-normalised embeddings, and the resulting {@link EvalMetrics}. */
final class PairScoring {
  private PairScoring() {}

  record Scored(double[] scores, boolean[] same, int[] folds) {}

  static Scored score(Map<String, double[]> embeddings, List<VerificationPair> pairs) {
    double[] scores = new double[pairs.size()];
    boolean[] same = new boolean[pairs.size()];
    int[] folds = new int[pairs.size()];
    for (int i = 0; i < scores.length; i++) {
      VerificationPair p = pairs.get(i);
      double[] a = embeddings.get(p.getLeftId());
      double[] b = embeddings.get(p.getRightId());
      if (a == null || b == null) {
        throw new IllegalArgumentException("pair " + i + " names a face without an embedding: "
            + (a == null ? p.getLeftId() : p.getRightId()));
      }
      scores[i] = Embeddings.dot(a, b);
      same[i] = p.getSame();
      folds[i] = p.getFold();
    }
    return new Scored(scores, same, folds);
  }

  static EvalMetrics metrics(Scored s, LossCandidate candidate, String modelUri, String evalSet) {
    VerificationResult v = VerificationProtocol.run(s.scores(), s.same(), s.folds());
    Roc roc = RocCurve.compute(s.scores(), s.same());
    List<TarAtFar> tars = new ArrayList<>();
    for (io.lfsbeam.eval.TarAtFar t : roc.tarAtStandardFars()) {
      tars.add(new TarAtFar(t.targetFar(), t.tar(), t.threshold()));
    }
    return EvalMetrics.newBuilder().setCandidate(candidate).setModelUri(modelUri).setEvalSet(evalSet)
        .setPairs(s.scores().length).setAccuracyMean(v.meanAccuracy()).setAccuracyStd(v.stdAccuracy())
        .setFoldAccuracies(boxed(v.foldAccuracies())).setFoldThresholds(boxed(v.foldThresholds()))
        .setThreshold(v.meanThreshold()).setTarAtFar(tars).setAuc(roc.auc()).setEer(roc.eer())
        .setRank1(null).setRank5(null).setGroups(List.of()).setGroupGap(null).setGroupStd(null).build();
  }

  private static List<Double> boxed(double[] v) {
    List<Double> l = new ArrayList<>(v.length);
    for (double d : v) {
      l.add(d);
    }
    return l;
  }
}
