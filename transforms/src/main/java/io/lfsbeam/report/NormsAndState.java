package io.lfsbeam.report;

import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.search.ModernLosses;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the report says of the embedding norms and of a loss's running state (pure).
 *
 * <p>Per round: the optimiser steps of the best candidate, the smallest, the median of the
 * candidates' medians and the largest embedding norm (before L2 normalisation) over the last
 * training images of every candidate that trained ({@code TrainResult.normMin/Median/Max}), and the
 * best candidate's state at the end (CurricularFace's t, AdaFace's μ and σ).
 *
 * <p>For the norm-based losses it then says, in words, where the official defaults sit against the
 * norms this backbone produced, rather than retuning them: MagFace's [l_a, u_a] assumes an
 * iResNet-style head, and outside it the clamp leaves the sample at a fixed margin with no gradient
 * to its norm; AdaFace starts its running mean at 20 and its std at 100, and with α = 0.01 they
 * need hundreds of steps to reach the norms, during which the margin scaler ẑ stays near 0 and
 * AdaFace trains as CosFace(m).
 */
final class NormsAndState {
  /** AdaFace's starting mean counts as "far" from the norms beyond this factor either way. */
  static final double FAR_FACTOR = 2;

  /**
   * One round's row.
   *
   * @param steps the best candidate's optimiser steps this round, null when all failed
   * @param stepsSoFar the steps behind the round's best model: the best candidates' steps summed
   *     over the rounds so far (each round starts from the previous best), the step count the
   *     running state has seen
   */
  record Row(
      int round,
      Long steps,
      long stepsSoFar,
      Double min,
      Double median,
      Double max,
      Map<String, Double> state) {}

  private NormsAndState() {}

  static List<Row> rows(List<RoundSummary> rounds) {
    List<Row> out = new ArrayList<>();
    long so = 0;
    for (RoundSummary r : rounds) {
      Double min = null;
      Double max = null;
      List<Double> medians = new ArrayList<>();
      for (CandidatePoint p : r.candidates()) {
        TrainResult t = p.result();
        if (t == null || t.getNormMedian() == null) {
          continue;
        }
        min = min == null ? t.getNormMin() : Math.min(min, t.getNormMin());
        max = max == null ? t.getNormMax() : Math.max(max, t.getNormMax());
        medians.add(t.getNormMedian());
      }
      TrainResult best = r.best() == null ? null : r.best().result();
      so += best == null ? 0 : best.getSteps();
      out.add(
          new Row(
              r.round(),
              best == null ? null : best.getSteps(),
              so,
              min,
              median(medians),
              max,
              best == null ? Map.of() : new TreeMap<>(best.getLossState())));
    }
    return out;
  }

  /** Whether any round recorded norms (runs before this record have none). */
  static boolean any(List<Row> rows) {
    return rows.stream().anyMatch(r -> r.median() != null);
  }

  /**
   * Sentences about the norm-based losses' defaults against this run's last recorded norms, empty
   * when the run trains neither AdaFace nor MagFace or recorded no norms.
   */
  static List<String> statements(List<RoundSummary> rounds) {
    List<String> out = new ArrayList<>();
    for (int i = rounds.size() - 1; i >= 0; i--) {
      CandidatePoint best = rounds.get(i).best();
      if (best == null || best.result() == null || best.result().getNormMedian() == null) {
        continue;
      }
      LossCandidate c = best.candidate();
      if (!ModernLosses.NORM_BASED.contains(c.getFamily())) {
        return out;
      }
      Row row = rows(rounds.subList(0, i + 1)).get(i);
      TrainResult t = best.result();
      if (c.getFamily() == LossFamily.MAGFACE) {
        magFace(out, c.getParams(), row);
      } else {
        adaFace(out, c.getParams(), row, t.getLossState());
      }
      return out;
    }
    return out;
  }

  private static void magFace(List<String> out, LossParams p, Row row) {
    double lo = p.getMagLowerNorm();
    double hi = p.getMagUpperNorm();
    String where =
        String.format(
            Locale.ROOT,
            "In round %d the embedding norms ran from %s to %s (median %s) against MagFace's [l_a, u_a] = [%s, %s]",
            row.round(),
            num(row.min()),
            num(row.max()),
            num(row.median()),
            num(lo),
            num(hi));
    if (row.median() < lo || row.median() > hi) {
      out.add(
          where
              + ": most samples sit outside the bounds, where the clamp fixes their margin at "
              + (row.median() < lo
                  ? "l_m = " + num(p.getMagLowerMargin())
                  : "u_m = " + num(p.getMagUpperMargin()))
              + " and passes no gradient to their norm: MagFace trains there as ArcFace with that"
              + " margin (where cos θ_y > 0). The bounds are the official ones, which assume an iResNet-style embedding"
              + " head; they were not retuned for this backbone (--magFaceLowerNorm, --magFaceUpperNorm).");
    } else if (row.min() < lo || row.max() > hi) {
      out.add(
          where
              + ": some samples sit outside the bounds (fixed margin, no gradient to their norm); the"
              + " official bounds assume an iResNet-style head and were not retuned.");
    } else {
      out.add(where + ": inside the bounds, where the margin and the regulariser act on the norm.");
    }
  }

  private static void adaFace(List<String> out, LossParams p, Row row, Map<String, Double> state) {
    double mu0 = p.getAdaInitialMean();
    Double mu = state.get("adaface/mean");
    Double sigma = state.get("adaface/std");
    StringBuilder s =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "In round %d the embedding norms ran from %s to %s (median %s); AdaFace's running mean starts at μ₀ = %s, %s× that median",
                row.round(),
                num(row.min()),
                num(row.max()),
                num(row.median()),
                num(mu0),
                Fmt.fixed(mu0 / row.median(), 2)));
    boolean far = row.median() > FAR_FACTOR * mu0 || row.median() < mu0 / FAR_FACTOR;
    s.append(
        far
            ? ", far from them (more than a factor "
                + num(FAR_FACTOR)
                + " away): the official default assumes an iResNet-style embedding head and was not retuned"
                + " (--adaFaceInitialMean)"
            : " (within a factor " + num(FAR_FACTOR) + " of the median)");
    if (mu != null && sigma != null) {
      double z =
          p.getAdaH()
              * Math.max(Math.abs(row.min() - mu), Math.abs(row.max() - mu))
              / (sigma + 1e-3);
      s.append(
          String.format(
              Locale.ROOT,
              ". After %d steps μ = %s and σ = %s (σ starts at %s; both move by α = %s per step), so"
                  + " the margin scaler |ẑ| = h·|‖x‖ − μ|/σ reached at most %s of its range ±1: the"
                  + " additive margin m(1 + ẑ) stayed within %s–%s%s",
              row.stepsSoFar(),
              num(mu),
              num(sigma),
              num(p.getAdaInitialStd()),
              num(p.getAdaAlpha()),
              Fmt.fixed(Math.min(1, z), 3),
              Fmt.fixed(p.getM2() * (1 - Math.min(1, z)), 3),
              Fmt.fixed(p.getM2() * (1 + Math.min(1, z)), 3),
              z < 0.1 ? ", so AdaFace trained close to CosFace(m = " + num(p.getM2()) + ")" : ""));
    }
    out.add(s.append('.').toString());
  }

  static Double median(List<Double> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** A number for prose: whole numbers bare, others to 4 significant digits. */
  static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return new java.math.BigDecimal(v)
        .round(new java.math.MathContext(4))
        .stripTrailingZeros()
        .toPlainString();
  }
}
