package io.lfsbeam.report;

import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.search.policy.CosFaceEquivalence;
import java.util.List;
import java.util.Locale;

/** One-line descriptions of a candidate's loss for tables, in the paper's terms. */
final class LossLabels {
  private LossLabels() {}

  static String describe(LossCandidate c, double scale) {
    LossParams p = c.getParams();
    return switch (c.getFamily()) {
      case MODULATED ->
          p.getA() == null
              ? "modulated"
              : "a = "
                  + Fmt.a(p.getA())
                  + " (m_eq "
                  + Fmt.fixed(CosFaceEquivalence.margin(p.getA(), scale), 3)
                  + ")";
      case MODULATED_LOCAL -> localBins(p.getABins(), scale);
      case AMLFS -> "AM-LFS τ over " + p.getAlpha().size() + " bins";
      case COSFACE -> "CosFace m = " + num(p.getM2());
      case ARCFACE -> "ArcFace m = " + num(p.getM3());
      case SPHEREFACE -> "SphereFace m = " + num(p.getM1());
      case COMBINED ->
          "combined (" + num(p.getM1()) + ", " + num(p.getM2()) + ", " + num(p.getM3()) + ")";
      case CURRICULARFACE -> "CurricularFace m = " + num(p.getM3()) + ", s = " + num(p.getScale());
      case ADAFACE ->
          "AdaFace m = "
              + num(p.getM2())
              + ", h = "
              + num(p.getAdaH())
              + ", s = "
              + num(p.getScale());
      case MAGFACE ->
          "MagFace m "
              + num(p.getMagLowerMargin())
              + "–"
              + num(p.getMagUpperMargin())
              + " over ‖x‖ "
              + num(p.getMagLowerNorm())
              + "–"
              + num(p.getMagUpperNorm())
              + ", s = "
              + num(p.getScale());
      case ELASTICFACE_ARC, ELASTICFACE_COS, ELASTICFACE_ARC_PLUS, ELASTICFACE_COS_PLUS ->
          elastic(c.getFamily(), p);
      case NORMFACE -> "normalised softmax";
      case SOFTMAX -> "softmax";
      default -> c.getFamily().name();
    };
  }

  private static String elastic(LossFamily family, LossParams p) {
    boolean arc = family == LossFamily.ELASTICFACE_ARC || family == LossFamily.ELASTICFACE_ARC_PLUS;
    boolean plus =
        family == LossFamily.ELASTICFACE_ARC_PLUS || family == LossFamily.ELASTICFACE_COS_PLUS;
    return "ElasticFace-"
        + (arc ? "Arc" : "Cos")
        + (plus ? "+" : "")
        + " m ~ N("
        + num(arc ? p.getM3() : p.getM2())
        + ", "
        + num(p.getElasticStd())
        + "), s = "
        + num(p.getScale())
        + (plus ? ", " + p.getElasticOrder() + " order" : "");
  }

  private static String localBins(List<Double> bins, double scale) {
    if (bins.isEmpty()) {
      return "local, no bins";
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double a : bins) {
      double m = CosFaceEquivalence.margin(a, scale);
      lo = Math.min(lo, m);
      hi = Math.max(hi, m);
    }
    return bins.size() + " bins, m_eq " + Fmt.fixed(lo, 3) + "–" + Fmt.fixed(hi, 3);
  }

  private static String num(double v) {
    return String.format(
        Locale.ROOT, "%s", v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v));
  }
}
