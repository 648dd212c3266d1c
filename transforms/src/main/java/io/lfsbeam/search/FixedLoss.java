package io.lfsbeam.search;

import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.search.policy.SearchSpace;
import java.util.List;
import java.util.Locale;

/**
 * A hand-picked loss by name with its margins, or for the modulated loss its factor a: what {@code
 * lfs train --loss=...}, {@code search --mode=fixed} and {@code bench losses} train.
 *
 * <p><b>SphereFace's λ schedule follows the run's own budget.</b> SphereFace anneals λ = max(λ_min,
 * base·(1 + γ·step)^−power) ({@code train.loss.SphereFace}). METHOD.md §1's shape (base 1000, power
 * 2, λ_min 5, the {@code LossParams} defaults) with its published γ = 1e-4 reaches λ_min only at
 * step 131,421; a search of a few hundred steps would train "A-Softmax" at λ ≈ 1000, i.e. NormFace
 * with 0.1 % of the margin. So γ is not a constant but derived from the run ({@link #sphereGamma}):
 * λ reaches λ_min at {@link #DEFAULT_SPHERE_ANNEAL_FRACTION} of the run's total training steps
 * (rounds × steps per round for search and compare, the epochs' steps for {@code train}) and stays
 * there. For comparison, the official Caffe schedule (wy1iu/sphereface: base 1000, γ 0.12, power 1,
 * λ_min 5, 28,000 iterations) reaches λ_min at iteration 1,658, 5.9 % of its run. [choice] The
 * default fraction is {@value #DEFAULT_SPHERE_ANNEAL_FRACTION}: λ stays high through the first
 * half, where m1 = 4 at full strength would fight an untrained network, and the second half trains
 * with the λ_min = 5 margin. Measured on ORL at compare's default budget (tiny backbone, 4 rounds ×
 * 30 steps, batch 64, seeds 1–5, test pairs): A-Softmax 92.67 ± 0.72 % against plain softmax 91.33
 * ± 0.93 %, a paired difference of +1.33 points (95 % t interval 0.37 to 2.29); fractions 0.06 (the
 * Caffe proportion) and 1.0 gave 92.47 ± 1.05 % and 92.90 ± 1.41 %, not distinguishable from 0.5 at
 * five seeds.
 *
 * <p><b>The modern margins</b> ({@link ModernLosses#NAMES}: CurricularFace, AdaFace, MagFace,
 * ElasticFace-Arc/Cos and their plus variants) take their parameters, scale included, from {@link
 * ModernLosses} (one option each, the official defaults), not from {@code --margin} or {@code
 * --scale}. A plus variant is spelled {@code elasticface-arc-plus} (the paper's {@code
 * elasticface-arc+} is accepted and read as that): the name becomes a folder of {@code compare}'s
 * output and part of its URIs, where '+' is read as a space by URL decoders.
 *
 * @param a the modulating factor of MODULATED (0 for the other families)
 * @param modern the parameters of the modern margins (used only by their families)
 */
public record FixedLoss(
    LossFamily family, double m1, double m2, double m3, double a, ModernLosses modern) {

  public FixedLoss {
    if (modern == null) {
      throw new IllegalArgumentException("the modern losses' settings are required");
    }
  }

  /** A loss of METHOD.md's families, the modern margins at their defaults. */
  public FixedLoss(LossFamily family, double m1, double m2, double m3, double a) {
    this(family, m1, m2, m3, a, ModernLosses.defaults());
  }

  /**
   * Fraction of a run's training steps at which SphereFace's λ reaches λ_min (see the class
   * comment): the default of {@code --sphereAnnealFraction}.
   */
  public static final double DEFAULT_SPHERE_ANNEAL_FRACTION = 0.5;

  /**
   * γ with which base·(1 + γ·t)^−power reaches {@code lambdaMin} at step t = {@code floorStep}: γ =
   * ((base/λ_min)^(1/power) − 1)/floorStep.
   *
   * @throws IllegalArgumentException unless base > λ_min > 0, power > 0 and floorStep ≥ 1
   */
  public static double sphereGamma(
      double lambdaBase, double lambdaMin, double power, long floorStep) {
    if (!(lambdaMin > 0 && lambdaBase > lambdaMin && power > 0) || floorStep < 1) {
      throw new IllegalArgumentException(
          "need base > lambda_min > 0, power > 0 and a floor step >= 1: base "
              + lambdaBase
              + ", min "
              + lambdaMin
              + ", power "
              + power
              + ", step "
              + floorStep);
    }
    return (Math.pow(lambdaBase / lambdaMin, 1.0 / power) - 1.0) / floorStep;
  }

  /**
   * The step at which λ reaches its floor in a run of {@code totalSteps}: {@code fraction} of it,
   * at least 1.
   */
  public static long sphereFloorStep(long totalSteps, double fraction) {
    if (totalSteps < 1 || !(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException(
          "need a run of >= 1 step and a fraction in (0, 1]: " + totalSteps + ", " + fraction);
    }
    return Math.max(1, Math.round(totalSteps * fraction));
  }

  /** METHOD.md's losses, by the names {@link #parse} accepts. */
  public static final List<String> CLASSIC_NAMES =
      List.of("softmax", "normface", "sphereface", "cosface", "arcface", "combined", "modulated");

  /** Names {@link #parse} accepts: METHOD.md's losses, then the modern margins. */
  public static final List<String> NAMES = names();

  private static List<String> names() {
    List<String> all = new java.util.ArrayList<>(CLASSIC_NAMES);
    all.addAll(ModernLosses.NAMES);
    return List.copyOf(all);
  }

  /**
   * A loss name as {@link #NAMES} spells it: trimmed, lower case, a trailing '+' (the papers'
   * "ElasticFace-Arc+") as {@code -plus}. Unknown names come back normalised, not rejected.
   */
  public static String canonicalName(String loss) {
    String name = loss.strip().toLowerCase(Locale.ROOT);
    return name.endsWith("+") ? name.substring(0, name.length() - 1).strip() + "-plus" : name;
  }

  /** The loss of {@code train} and of {@code search --mode=fixed} when none is named. */
  public static final String DEFAULT_NAME = "cosface";

  /** m1 of SphereFace when no margin is given. */
  public static final double DEFAULT_SPHEREFACE_M1 = 4;

  /** m of CosFace (additive cosine margin, m2) when no margin is given. */
  public static final double DEFAULT_COSFACE_M = 0.35;

  /** m of ArcFace (additive angular margin, m3) when no margin is given. */
  public static final double DEFAULT_ARCFACE_M = 0.5;

  /** Margins of {@code combined} when none are given (METHOD.md §1's example). */
  public static final String DEFAULT_COMBINED = "1,0.3,0.2";

  /**
   * The default a of the modulated loss: −e^{s/3}, the search's warm-up factor and the centre of
   * its sampling (|x| = 1, METHOD.md §2). It is CosFace-equivalent to m = 1/3 at any scale (m_eq =
   * ln(1 − a)/s), next to CosFace's default 0.35, so a fixed modulated run meets the margins at
   * like strength. (Table 3's fixed a from −10² to −10⁴ all beat a = 0 on LFW; this is their
   * order.)
   */
  public static double defaultModulation(double scale) {
    return -SearchSpace.GLOBAL.amplitude(scale);
  }

  /**
   * The loss is defined for finite a ≤ 0 only. No lower bound: the search itself samples |a| of
   * e^{s/3} and more (1.8·10⁹ at s = 64), and the log-space loss stays finite there.
   */
  public static boolean validModulation(double a) {
    return a <= 0 && Double.isFinite(a);
  }

  /** The loss with every default: {@code parse(name, null, DEFAULT_COMBINED, null, scale)}. */
  public static FixedLoss named(String name, double scale) {
    return parse(name, null, DEFAULT_COMBINED, null, scale);
  }

  /** {@link #parse(String, Double, String, Double, double, ModernLosses)} at the defaults. */
  public static FixedLoss parse(
      String loss, Double margin, String combined, Double modulation, double scale) {
    return parse(loss, margin, combined, modulation, scale, ModernLosses.defaults());
  }

  /**
   * @param margin m of CosFace/ArcFace, m1 of SphereFace; null for the family's default
   * @param combined 'm1,m2,m3' of the combined margin
   * @param modulation a ≤ 0 of the modulated loss; null for {@link #defaultModulation}
   * @param modern the parameters of the modern margins
   * @throws IllegalArgumentException for an unknown name, a value out of range, or an option the
   *     loss does not take (a margin given to the modulated loss is a mistake, not something to
   *     ignore)
   */
  public static FixedLoss parse(
      String loss,
      Double margin,
      String combined,
      Double modulation,
      double scale,
      ModernLosses modern) {
    String name = canonicalName(loss);
    LossFamily modernFamily = ModernLosses.family(name);
    if (modernFamily != null && margin != null) {
      throw new IllegalArgumentException(
          "--margin applies to sphereface, cosface and arcface; --loss="
              + name
              + " takes "
              + ModernLosses.marginOptions(modernFamily));
    }
    if (modernFamily != null && modulation == null) {
      return new FixedLoss(modernFamily, 1, 0, 0, 0, modern);
    }
    if (modulation != null && !name.equals("modulated")) {
      throw new IllegalArgumentException(
          "--modulation applies to --loss=modulated only, not --loss=" + loss);
    }
    if (margin != null && name.equals("modulated")) {
      throw new IllegalArgumentException(
          "--loss=modulated takes --modulation=A (a <= 0), not --margin");
    }
    return switch (name) {
      case "softmax" -> new FixedLoss(LossFamily.SOFTMAX, 1, 0, 0, 0);
      case "normface" -> new FixedLoss(LossFamily.NORMFACE, 1, 0, 0, 0);
      case "sphereface" ->
          new FixedLoss(
              LossFamily.SPHEREFACE, margin == null ? DEFAULT_SPHEREFACE_M1 : margin, 0, 0, 0);
      case "cosface" ->
          new FixedLoss(LossFamily.COSFACE, 1, margin == null ? DEFAULT_COSFACE_M : margin, 0, 0);
      case "arcface" ->
          new FixedLoss(LossFamily.ARCFACE, 1, 0, margin == null ? DEFAULT_ARCFACE_M : margin, 0);
      case "combined" -> {
        String[] f = combined.split(",");
        if (f.length != 3) {
          throw new IllegalArgumentException(
              "--combinedMargins must be 'm1,m2,m3', not " + combined);
        }
        yield new FixedLoss(
            LossFamily.COMBINED,
            Double.parseDouble(f[0].strip()),
            Double.parseDouble(f[1].strip()),
            Double.parseDouble(f[2].strip()),
            0);
      }
      case "modulated" -> {
        double a = modulation == null ? defaultModulation(scale) : modulation;
        if (!validModulation(a)) {
          throw new IllegalArgumentException(
              "--modulation must be a finite modulating factor a <= 0, not " + a);
        }
        yield new FixedLoss(LossFamily.MODULATED, 1, 0, 0, a);
      }
      default ->
          throw new IllegalArgumentException(
              "--loss must be one of " + String.join(", ", NAMES) + "; not " + loss);
    };
  }

  /** Whether this is one of the modern margins, whose parameters come from {@link #modern}. */
  public boolean isModern() {
    return ModernLosses.isModern(family);
  }

  /**
   * The loss parameters at scale s with the published SphereFace γ; a is set only for the modulated
   * loss.
   */
  public LossParams params(double scale) {
    return params(scale, 0);
  }

  /**
   * The loss parameters at scale s (the modern margins: at their own scale, from {@link #modern});
   * for SphereFace, λ reaches λ_min at training step {@code sphereFloorStep} ({@link #sphereGamma};
   * 0 keeps the published γ of {@code LossParams}).
   */
  public LossParams params(double scale, long sphereFloorStep) {
    if (isModern()) {
      return modern.params(family); // their own scale: --scale is the METHOD.md losses'
    }
    LossParams.Builder p = LossParams.newBuilder().setScale(scale).setM1(m1).setM2(m2).setM3(m3);
    if (family == LossFamily.MODULATED) {
      p.setA(a);
    }
    LossParams params = p.build(); // the schema's defaults are only filled in by build()
    if (family != LossFamily.SPHEREFACE || sphereFloorStep <= 0) {
      return params;
    }
    return LossParams.newBuilder(params)
        .setSphereGamma(
            sphereGamma(
                params.getSphereLambdaBase(),
                params.getSphereLambdaMin(),
                params.getSpherePower(),
                sphereFloorStep))
        .build();
  }
}
