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
      default:
        throw new IllegalArgumentException("no loss for family " + family);
    }
  }

  private static double[] toArray(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
