package io.lfsbeam.train.loss;

import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import java.util.List;

/**
 * Maps a {@link LossFamily} and its {@link LossParams} (the Avro contract between stages) to the
 * graph loss. Which parameters each family reads:
 *
 * <ul>
 *   <li>SOFTMAX: none (raw logits); NORMFACE: scale
 *   <li>SPHEREFACE: scale, m1, sphereLambdaMin/Base, sphereGamma, spherePower (annealed by step)
 *   <li>COSFACE: scale, m2; ARCFACE: scale, m3; COMBINED: scale, m1, m2, m3
 *   <li>MODULATED: scale, a (required); MODULATED_LOCAL: scale, aBins (effective factors)
 *   <li>AMLFS: scale, alpha, beta
 *   <li>CURRICULARFACE: scale, m3 (the angular margin), curricularAlpha
 *   <li>ADAFACE: scale, m2 (m), adaH, adaAlpha, adaInitialMean, adaInitialStd
 *   <li>MAGFACE: scale, magLowerNorm, magUpperNorm, magLowerMargin, magUpperMargin, magLambda,
 *       magEasyMargin
 *   <li>ELASTICFACE_ARC(_PLUS): scale, m3 (mean margin), elasticStd (and elasticOrder for plus);
 *       ELASTICFACE_COS(_PLUS): scale, m2 (mean margin), elasticStd (and elasticOrder)
 * </ul>
 *
 * Building a loss does not touch TensorFlow; only {@link GraphLoss#perSample} does.
 */
public final class GraphLosses {
  private GraphLosses() {}

  public static GraphLoss of(LossFamily family, LossParams params) {
    double s = params.getScale();
    switch (family) {
      case SOFTMAX:
        return new PlainSoftmax();
      case NORMFACE:
        return new NormalizedSoftmax(s);
      case SPHEREFACE:
        return SphereFace.annealed(
            s,
            params.getM1(),
            params.getSphereLambdaMin(),
            params.getSphereLambdaBase(),
            params.getSphereGamma(),
            params.getSpherePower());
      case COSFACE:
        return new CosFace(s, params.getM2());
      case ARCFACE:
        return new ArcFace(s, params.getM3());
      case COMBINED:
        return new CombinedMargin(s, params.getM1(), params.getM2(), params.getM3());
      case MODULATED:
        if (params.getA() == null) {
          throw new IllegalArgumentException(
              "MODULATED needs the modulating factor a in LossParams");
        }
        return ModulatedSoftmax.of(s, params.getA());
      case MODULATED_LOCAL:
        return LocalModulatedSoftmax.of(s, toArray(params.getABins()));
      case AMLFS:
        return AmLfs.of(s, toArray(params.getAlpha()), toArray(params.getBeta()));
      case CURRICULARFACE:
        return new CurricularFace(s, params.getM3(), params.getCurricularAlpha());
      case ADAFACE:
        return new AdaFace(
            s,
            params.getM2(),
            params.getAdaH(),
            params.getAdaAlpha(),
            params.getAdaInitialMean(),
            params.getAdaInitialStd());
      case MAGFACE:
        return new MagFace(
            s,
            params.getMagLowerNorm(),
            params.getMagUpperNorm(),
            params.getMagLowerMargin(),
            params.getMagUpperMargin(),
            params.getMagLambda(),
            params.getMagEasyMargin());
      case ELASTICFACE_ARC:
      case ELASTICFACE_ARC_PLUS:
        return new ElasticFace(
            ElasticFace.Kind.ARC,
            s,
            params.getM3(),
            params.getElasticStd(),
            family == LossFamily.ELASTICFACE_ARC_PLUS,
            elasticOrder(params));
      case ELASTICFACE_COS:
      case ELASTICFACE_COS_PLUS:
        return new ElasticFace(
            ElasticFace.Kind.COS,
            s,
            params.getM2(),
            params.getElasticStd(),
            family == LossFamily.ELASTICFACE_COS_PLUS,
            elasticOrder(params));
      default:
        throw new IllegalArgumentException("no loss for family " + family);
    }
  }

  private static ElasticFace.Order elasticOrder(LossParams params) {
    String order = params.getElasticOrder().toString();
    try {
      return ElasticFace.Order.valueOf(order.strip().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "ElasticFace's order must be official or intended, not '" + order + "'", e);
    }
  }

  private static double[] toArray(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
