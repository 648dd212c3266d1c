package io.lfsbeam.search;

import io.lfsbeam.options.Choice;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of the modern margins (BASELINES.md: CurricularFace, AdaFace, MagFace, ElasticFace
 * and its "plus" variants) as {@code train}, {@code search --mode=fixed|population} and {@code
 * compare} take them, one option each, with the defaults of the authors' official code. Immutable;
 * pure (the losses themselves are in {@code train.loss}).
 *
 * <p>Every modern loss has its own scale option, default 64 as in the official code: the {@code
 * --scale} of METHOD.md's losses (default 32, the paper's) does not apply to them, so a compare
 * puts each loss at its authors' setting. Nothing here is retuned to this project's small
 * backbones: MagFace's norm bounds and AdaFace's starting mean assume an iResNet-style embedding
 * head, and the search report shows where our backbones put the norms instead.
 */
public final class ModernLosses implements Serializable {
  private static final long serialVersionUID = 1L;

  /** s of every modern loss (the official code's; the paper's METHOD.md losses use 32). */
  public static final double DEFAULT_SCALE = 64;

  /** CurricularFace: the additive angular margin m. */
  public static final double DEFAULT_CURRICULAR_MARGIN = 0.5;

  /** CurricularFace: α of t ← α·mean(c_y) + (1 − α)·t (the code's 0.01, ~100 steps). */
  public static final double DEFAULT_CURRICULAR_ALPHA = 0.01;

  /** AdaFace: m (the authors' training scripts). */
  public static final double DEFAULT_ADA_MARGIN = 0.4;

  /** AdaFace: h (the scripts; the repository's config default 0 makes it CosFace(m)). */
  public static final double DEFAULT_ADA_H = 0.333;

  /** AdaFace: α of the running norm statistics (the scripts; the class default 1.0 is stale). */
  public static final double DEFAULT_ADA_ALPHA = 0.01;

  /** AdaFace: the running mean of the norms before the first step. */
  public static final double DEFAULT_ADA_INITIAL_MEAN = 20;

  /** AdaFace: the running std of the norms before the first step. */
  public static final double DEFAULT_ADA_INITIAL_STD = 100;

  /** MagFace: l_a. */
  public static final double DEFAULT_MAG_LOWER_NORM = 10;

  /** MagFace: u_a. */
  public static final double DEFAULT_MAG_UPPER_NORM = 110;

  /** MagFace: l_m. */
  public static final double DEFAULT_MAG_LOWER_MARGIN = 0.45;

  /** MagFace: u_m. */
  public static final double DEFAULT_MAG_UPPER_MARGIN = 0.8;

  /** MagFace: λ_g (the scripts; the argparse default 20 is below the code's minimum 22.59). */
  public static final double DEFAULT_MAG_LAMBDA = 35;

  /** MagFace: the margin only where c_y > 0 (the code's default). */
  public static final boolean DEFAULT_MAG_EASY_MARGIN = true;

  /** ElasticFace-Arc(+): the mean m of the drawn angular margins. */
  public static final double DEFAULT_ELASTIC_ARC_MARGIN = 0.5;

  /** ElasticFace-Cos(+): the mean m of the drawn cosine margins. */
  public static final double DEFAULT_ELASTIC_COS_MARGIN = 0.35;

  /** ElasticFace-Arc: σ of the margins. */
  public static final double DEFAULT_ELASTIC_ARC_STD = 0.05;

  /** ElasticFace-Arc+: σ of the margins. */
  public static final double DEFAULT_ELASTIC_ARC_PLUS_STD = 0.0175;

  /** ElasticFace-Cos: σ of the margins. */
  public static final double DEFAULT_ELASTIC_COS_STD = 0.05;

  /** ElasticFace-Cos+: σ of the margins. */
  public static final double DEFAULT_ELASTIC_COS_PLUS_STD = 0.02;

  /** How ElasticFace+ matches its sorted margins to the samples (see {@code train.loss}). */
  public enum PlusOrder implements Choice {
    /** The released code's gather (the default: the published numbers came from it). */
    OFFICIAL,
    /** The paper's rule: the smallest margin to the sample with the largest c_y. */
    INTENDED;

    @com.fasterxml.jackson.annotation.JsonCreator
    public static PlusOrder parse(String text) {
      return Choice.parse(PlusOrder.class, text);
    }
  }

  /** The families of this class. */
  public static final Set<LossFamily> FAMILIES =
      Set.of(
          LossFamily.CURRICULARFACE,
          LossFamily.ADAFACE,
          LossFamily.MAGFACE,
          LossFamily.ELASTICFACE_ARC,
          LossFamily.ELASTICFACE_COS,
          LossFamily.ELASTICFACE_ARC_PLUS,
          LossFamily.ELASTICFACE_COS_PLUS);

  /** The families that read the embedding norms (the report shows their distribution). */
  public static final Set<LossFamily> NORM_BASED = Set.of(LossFamily.ADAFACE, LossFamily.MAGFACE);

  /** Command-line names, in the order {@code --help} lists them. */
  public static final List<String> NAMES =
      List.of(
          "curricularface",
          "adaface",
          "magface",
          "elasticface-arc",
          "elasticface-cos",
          "elasticface-arc-plus",
          "elasticface-cos-plus");

  private final Builder b;

  private ModernLosses(Builder b) {
    this.b = b.copy();
  }

  public static ModernLosses defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return b.copy();
  }

  public static boolean isModern(LossFamily family) {
    return FAMILIES.contains(family);
  }

  /** The family of a command-line name of {@link #NAMES}, or null. */
  public static LossFamily family(String name) {
    int i = NAMES.indexOf(name);
    return i < 0
        ? null
        : List.of(
                LossFamily.CURRICULARFACE,
                LossFamily.ADAFACE,
                LossFamily.MAGFACE,
                LossFamily.ELASTICFACE_ARC,
                LossFamily.ELASTICFACE_COS,
                LossFamily.ELASTICFACE_ARC_PLUS,
                LossFamily.ELASTICFACE_COS_PLUS)
            .get(i);
  }

  /** The options that set a modern family's margin, for error messages. */
  public static String marginOptions(LossFamily family) {
    return switch (family) {
      case CURRICULARFACE -> "--curricularFaceMargin";
      case ADAFACE -> "--adaFaceMargin";
      case MAGFACE -> "--magFaceLowerMargin and --magFaceUpperMargin";
      case ELASTICFACE_ARC, ELASTICFACE_ARC_PLUS -> "--elasticFaceArcMargin";
      default -> "--elasticFaceCosMargin";
    };
  }

  /** The scale s a modern family trains with. */
  public double scale(LossFamily family) {
    return switch (family) {
      case CURRICULARFACE -> b.curricularScale;
      case ADAFACE -> b.adaScale;
      case MAGFACE -> b.magScale;
      default -> b.elasticScale;
    };
  }

  /**
   * The {@code LossParams} of a modern family (its own scale; margins in m2 for the cosine ones, m3
   * for the angular ones, as {@code GraphLosses} reads them).
   *
   * @throws IllegalArgumentException for a family that is not modern
   */
  public LossParams params(LossFamily family) {
    LossParams.Builder p = LossParams.newBuilder().setScale(scale(family));
    switch (family) {
      case CURRICULARFACE -> p.setM3(b.curricularMargin).setCurricularAlpha(b.curricularAlpha);
      case ADAFACE ->
          p.setM2(b.adaMargin)
              .setAdaH(b.adaH)
              .setAdaAlpha(b.adaAlpha)
              .setAdaInitialMean(b.adaInitialMean)
              .setAdaInitialStd(b.adaInitialStd);
      case MAGFACE ->
          p.setMagLowerNorm(b.magLowerNorm)
              .setMagUpperNorm(b.magUpperNorm)
              .setMagLowerMargin(b.magLowerMargin)
              .setMagUpperMargin(b.magUpperMargin)
              .setMagLambda(b.magLambda)
              .setMagEasyMargin(b.magEasyMargin);
      case ELASTICFACE_ARC -> p.setM3(b.elasticArcMargin).setElasticStd(b.elasticArcStd);
      case ELASTICFACE_ARC_PLUS ->
          p.setM3(b.elasticArcMargin).setElasticStd(b.elasticArcPlusStd).setElasticOrder(order());
      case ELASTICFACE_COS -> p.setM2(b.elasticCosMargin).setElasticStd(b.elasticCosStd);
      case ELASTICFACE_COS_PLUS ->
          p.setM2(b.elasticCosMargin).setElasticStd(b.elasticCosPlusStd).setElasticOrder(order());
      default -> throw new IllegalArgumentException(family + " is not a modern margin");
    }
    return p.build();
  }

  private String order() {
    return b.elasticPlusOrder.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The settings a family trains with, named as the options are (for {@code search_config.tsv},
   * which a resume checks).
   */
  public Map<String, String> describe(LossFamily family) {
    Map<String, String> m = new LinkedHashMap<>();
    switch (family) {
      case CURRICULARFACE -> {
        m.put("curricularFaceMargin", num(b.curricularMargin));
        m.put("curricularFaceScale", num(b.curricularScale));
        m.put("curricularFaceAlpha", num(b.curricularAlpha));
      }
      case ADAFACE -> {
        m.put("adaFaceMargin", num(b.adaMargin));
        m.put("adaFaceH", num(b.adaH));
        m.put("adaFaceScale", num(b.adaScale));
        m.put("adaFaceAlpha", num(b.adaAlpha));
        m.put("adaFaceInitialMean", num(b.adaInitialMean));
        m.put("adaFaceInitialStd", num(b.adaInitialStd));
      }
      case MAGFACE -> {
        m.put("magFaceLowerNorm", num(b.magLowerNorm));
        m.put("magFaceUpperNorm", num(b.magUpperNorm));
        m.put("magFaceLowerMargin", num(b.magLowerMargin));
        m.put("magFaceUpperMargin", num(b.magUpperMargin));
        m.put("magFaceLambda", num(b.magLambda));
        m.put("magFaceScale", num(b.magScale));
        m.put("magFaceEasyMargin", Boolean.toString(b.magEasyMargin));
      }
      case ELASTICFACE_ARC, ELASTICFACE_ARC_PLUS, ELASTICFACE_COS, ELASTICFACE_COS_PLUS -> {
        LossParams p = params(family);
        boolean arc =
            family == LossFamily.ELASTICFACE_ARC || family == LossFamily.ELASTICFACE_ARC_PLUS;
        boolean plus =
            family == LossFamily.ELASTICFACE_ARC_PLUS || family == LossFamily.ELASTICFACE_COS_PLUS;
        m.put(
            arc ? "elasticFaceArcMargin" : "elasticFaceCosMargin",
            num(arc ? p.getM3() : p.getM2()));
        m.put(
            "elasticFace" + (arc ? "Arc" : "Cos") + (plus ? "Plus" : "") + "Std",
            num(p.getElasticStd()));
        m.put("elasticFaceScale", num(b.elasticScale));
        if (plus) {
          m.put("elasticFacePlusOrder", Choice.spelling(b.elasticPlusOrder));
        }
      }
      default -> throw new IllegalArgumentException(family + " is not a modern margin");
    }
    return m;
  }

  private static String num(double v) {
    return Double.toString(v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModernLosses other && b.values().equals(other.b.values());
  }

  @Override
  public int hashCode() {
    return b.values().hashCode();
  }

  @Override
  public String toString() {
    return "ModernLosses" + b.values();
  }

  /** Setters for every parameter, starting from the official defaults. */
  public static final class Builder implements Serializable {
    private static final long serialVersionUID = 1L;

    private double curricularMargin = DEFAULT_CURRICULAR_MARGIN;
    private double curricularScale = DEFAULT_SCALE;
    private double curricularAlpha = DEFAULT_CURRICULAR_ALPHA;
    private double adaMargin = DEFAULT_ADA_MARGIN;
    private double adaH = DEFAULT_ADA_H;
    private double adaScale = DEFAULT_SCALE;
    private double adaAlpha = DEFAULT_ADA_ALPHA;
    private double adaInitialMean = DEFAULT_ADA_INITIAL_MEAN;
    private double adaInitialStd = DEFAULT_ADA_INITIAL_STD;
    private double magLowerNorm = DEFAULT_MAG_LOWER_NORM;
    private double magUpperNorm = DEFAULT_MAG_UPPER_NORM;
    private double magLowerMargin = DEFAULT_MAG_LOWER_MARGIN;
    private double magUpperMargin = DEFAULT_MAG_UPPER_MARGIN;
    private double magLambda = DEFAULT_MAG_LAMBDA;
    private double magScale = DEFAULT_SCALE;
    private boolean magEasyMargin = DEFAULT_MAG_EASY_MARGIN;
    private double elasticArcMargin = DEFAULT_ELASTIC_ARC_MARGIN;
    private double elasticCosMargin = DEFAULT_ELASTIC_COS_MARGIN;
    private double elasticArcStd = DEFAULT_ELASTIC_ARC_STD;
    private double elasticArcPlusStd = DEFAULT_ELASTIC_ARC_PLUS_STD;
    private double elasticCosStd = DEFAULT_ELASTIC_COS_STD;
    private double elasticCosPlusStd = DEFAULT_ELASTIC_COS_PLUS_STD;
    private double elasticScale = DEFAULT_SCALE;
    private PlusOrder elasticPlusOrder = PlusOrder.OFFICIAL;

    public Builder curricularFace(double margin, double scale, double alpha) {
      curricularMargin = margin;
      curricularScale = scale;
      curricularAlpha = alpha;
      return this;
    }

    public Builder adaFace(
        double margin,
        double h,
        double scale,
        double alpha,
        double initialMean,
        double initialStd) {
      adaMargin = margin;
      adaH = h;
      adaScale = scale;
      adaAlpha = alpha;
      adaInitialMean = initialMean;
      adaInitialStd = initialStd;
      return this;
    }

    public Builder magFace(
        double lowerNorm,
        double upperNorm,
        double lowerMargin,
        double upperMargin,
        double lambda,
        double scale,
        boolean easyMargin) {
      magLowerNorm = lowerNorm;
      magUpperNorm = upperNorm;
      magLowerMargin = lowerMargin;
      magUpperMargin = upperMargin;
      magLambda = lambda;
      magScale = scale;
      magEasyMargin = easyMargin;
      return this;
    }

    public Builder elasticFace(
        double arcMargin,
        double cosMargin,
        double arcStd,
        double arcPlusStd,
        double cosStd,
        double cosPlusStd,
        double scale,
        PlusOrder plusOrder) {
      elasticArcMargin = arcMargin;
      elasticCosMargin = cosMargin;
      elasticArcStd = arcStd;
      elasticArcPlusStd = arcPlusStd;
      elasticCosStd = cosStd;
      elasticCosPlusStd = cosPlusStd;
      elasticScale = scale;
      elasticPlusOrder = plusOrder;
      return this;
    }

    /**
     * @throws IllegalArgumentException for a value no loss accepts (a scale or σ out of range,
     *     MagFace bounds out of order, an α outside (0, 1])
     */
    public ModernLosses build() {
      for (double s : new double[] {curricularScale, adaScale, magScale, elasticScale}) {
        if (!(s > 0) || Double.isInfinite(s)) {
          throw new IllegalArgumentException(
              "a loss's scale must be positive and finite, not " + s);
        }
      }
      if (!(curricularAlpha > 0 && curricularAlpha <= 1) || !(adaAlpha > 0 && adaAlpha <= 1)) {
        throw new IllegalArgumentException(
            "--curricularFaceAlpha and --adaFaceAlpha must be in (0, 1]: "
                + curricularAlpha
                + ", "
                + adaAlpha);
      }
      if (!(magLowerNorm > 0 && magUpperNorm > magLowerNorm) || Double.isInfinite(magUpperNorm)) {
        throw new IllegalArgumentException(
            "MagFace needs 0 < --magFaceLowerNorm < --magFaceUpperNorm: "
                + magLowerNorm
                + ", "
                + magUpperNorm);
      }
      for (double std :
          new double[] {elasticArcStd, elasticArcPlusStd, elasticCosStd, elasticCosPlusStd}) {
        if (!(std >= 0) || Double.isInfinite(std)) {
          throw new IllegalArgumentException(
              "ElasticFace's sigma must be >= 0 and finite, not " + std);
        }
      }
      if (!(adaH >= 0) || !(adaInitialStd >= 0) || !(magLambda >= 0)) {
        throw new IllegalArgumentException(
            "--adaFaceH, --adaFaceInitialStd and --magFaceLambda must be >= 0: "
                + adaH
                + ", "
                + adaInitialStd
                + ", "
                + magLambda);
      }
      if (elasticPlusOrder == null) {
        throw new IllegalArgumentException("--elasticFacePlusOrder is official or intended");
      }
      return new ModernLosses(this);
    }

    private Builder copy() {
      Builder c = new Builder();
      c.curricularMargin = curricularMargin;
      c.curricularScale = curricularScale;
      c.curricularAlpha = curricularAlpha;
      c.adaMargin = adaMargin;
      c.adaH = adaH;
      c.adaScale = adaScale;
      c.adaAlpha = adaAlpha;
      c.adaInitialMean = adaInitialMean;
      c.adaInitialStd = adaInitialStd;
      c.magLowerNorm = magLowerNorm;
      c.magUpperNorm = magUpperNorm;
      c.magLowerMargin = magLowerMargin;
      c.magUpperMargin = magUpperMargin;
      c.magLambda = magLambda;
      c.magScale = magScale;
      c.magEasyMargin = magEasyMargin;
      c.elasticArcMargin = elasticArcMargin;
      c.elasticCosMargin = elasticCosMargin;
      c.elasticArcStd = elasticArcStd;
      c.elasticArcPlusStd = elasticArcPlusStd;
      c.elasticCosStd = elasticCosStd;
      c.elasticCosPlusStd = elasticCosPlusStd;
      c.elasticScale = elasticScale;
      c.elasticPlusOrder = elasticPlusOrder;
      return c;
    }

    private List<Object> values() {
      return List.of(
          curricularMargin,
          curricularScale,
          curricularAlpha,
          adaMargin,
          adaH,
          adaScale,
          adaAlpha,
          adaInitialMean,
          adaInitialStd,
          magLowerNorm,
          magUpperNorm,
          magLowerMargin,
          magUpperMargin,
          magLambda,
          magScale,
          magEasyMargin,
          elasticArcMargin,
          elasticCosMargin,
          elasticArcStd,
          elasticArcPlusStd,
          elasticCosStd,
          elasticCosPlusStd,
          elasticScale,
          elasticPlusOrder);
    }
  }
}
