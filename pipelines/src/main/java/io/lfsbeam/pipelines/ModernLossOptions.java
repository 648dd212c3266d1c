package io.lfsbeam.pipelines;

import io.lfsbeam.search.ModernLosses;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The parameters of the modern margins (BASELINES.md) for {@code train}, {@code search
 * --mode=fixed|population} and {@code compare}: one option per parameter, each defaulting to the
 * authors' official code ({@link ModernLosses}). Each loss has its own scale (default 64, the
 * official one); {@code --scale} sets METHOD.md's losses only.
 */
public interface ModernLossOptions extends PipelineOptions {
  @Description("curricularface: the additive angular margin m")
  @Default.Double(ModernLosses.DEFAULT_CURRICULAR_MARGIN)
  double getCurricularFaceMargin();

  void setCurricularFaceMargin(double value);

  @Description("curricularface: the scale s")
  @Default.Double(ModernLosses.DEFAULT_SCALE)
  double getCurricularFaceScale();

  void setCurricularFaceScale(double value);

  @Description(
      "curricularface: weight of the batch in t <- alpha*mean(cos_y) + (1-alpha)*t, updated once per step (~1/alpha steps to move)")
  @Default.Double(ModernLosses.DEFAULT_CURRICULAR_ALPHA)
  double getCurricularFaceAlpha();

  void setCurricularFaceAlpha(double value);

  @Description("adaface: the margin m")
  @Default.Double(ModernLosses.DEFAULT_ADA_MARGIN)
  double getAdaFaceMargin();

  void setAdaFaceMargin(double value);

  @Description("adaface: h, how far the norm moves the margin (0 makes it CosFace(m))")
  @Default.Double(ModernLosses.DEFAULT_ADA_H)
  double getAdaFaceH();

  void setAdaFaceH(double value);

  @Description("adaface: the scale s")
  @Default.Double(ModernLosses.DEFAULT_SCALE)
  double getAdaFaceScale();

  void setAdaFaceScale(double value);

  @Description("adaface: weight of the batch in the running mean and std of the embedding norms")
  @Default.Double(ModernLosses.DEFAULT_ADA_ALPHA)
  double getAdaFaceAlpha();

  void setAdaFaceAlpha(double value);

  @Description(
      "adaface: running mean of the embedding norms before the first step (the official 20 assumes an iResNet head: the report shows our backbones' norms)")
  @Default.Double(ModernLosses.DEFAULT_ADA_INITIAL_MEAN)
  double getAdaFaceInitialMean();

  void setAdaFaceInitialMean(double value);

  @Description("adaface: running std of the embedding norms before the first step")
  @Default.Double(ModernLosses.DEFAULT_ADA_INITIAL_STD)
  double getAdaFaceInitialStd();

  void setAdaFaceInitialStd(double value);

  @Description(
      "magface: l_a, the norm below which margin and regulariser stop moving (bounds assume an iResNet head: the report shows our backbones' norms)")
  @Default.Double(ModernLosses.DEFAULT_MAG_LOWER_NORM)
  double getMagFaceLowerNorm();

  void setMagFaceLowerNorm(double value);

  @Description("magface: u_a, the norm above which margin and regulariser stop moving")
  @Default.Double(ModernLosses.DEFAULT_MAG_UPPER_NORM)
  double getMagFaceUpperNorm();

  void setMagFaceUpperNorm(double value);

  @Description("magface: l_m, the margin at norm l_a")
  @Default.Double(ModernLosses.DEFAULT_MAG_LOWER_MARGIN)
  double getMagFaceLowerMargin();

  void setMagFaceLowerMargin(double value);

  @Description("magface: u_m, the margin at norm u_a")
  @Default.Double(ModernLosses.DEFAULT_MAG_UPPER_MARGIN)
  double getMagFaceUpperMargin();

  void setMagFaceUpperMargin(double value);

  @Description(
      "magface: lambda_g, weight of the norm regulariser a/u_a^2 + 1/a (the official scripts' 35; the code's stated minimum is 22.59 for the default bounds)")
  @Default.Double(ModernLosses.DEFAULT_MAG_LAMBDA)
  double getMagFaceLambda();

  void setMagFaceLambda(double value);

  @Description("magface: the scale s")
  @Default.Double(ModernLosses.DEFAULT_SCALE)
  double getMagFaceScale();

  void setMagFaceScale(double value);

  @Description(
      "magface: apply the margin only where cos_y > 0 (the official default); false uses the ArcFace-style fallback")
  @Default.Boolean(ModernLosses.DEFAULT_MAG_EASY_MARGIN)
  boolean getMagFaceEasyMargin();

  void setMagFaceEasyMargin(boolean value);

  @Description(
      "elasticface-arc and -arc-plus: mean m of the per-sample angular margins N(m, sigma)")
  @Default.Double(ModernLosses.DEFAULT_ELASTIC_ARC_MARGIN)
  double getElasticFaceArcMargin();

  void setElasticFaceArcMargin(double value);

  @Description("elasticface-cos and -cos-plus: mean m of the per-sample cosine margins N(m, sigma)")
  @Default.Double(ModernLosses.DEFAULT_ELASTIC_COS_MARGIN)
  double getElasticFaceCosMargin();

  void setElasticFaceCosMargin(double value);

  @Description("elasticface-arc: sigma of the margins")
  @Default.Double(ModernLosses.DEFAULT_ELASTIC_ARC_STD)
  double getElasticFaceArcStd();

  void setElasticFaceArcStd(double value);

  @Description("elasticface-arc-plus: sigma of the margins")
  @Default.Double(ModernLosses.DEFAULT_ELASTIC_ARC_PLUS_STD)
  double getElasticFaceArcPlusStd();

  void setElasticFaceArcPlusStd(double value);

  @Description("elasticface-cos: sigma of the margins")
  @Default.Double(ModernLosses.DEFAULT_ELASTIC_COS_STD)
  double getElasticFaceCosStd();

  void setElasticFaceCosStd(double value);

  @Description("elasticface-cos-plus: sigma of the margins")
  @Default.Double(ModernLosses.DEFAULT_ELASTIC_COS_PLUS_STD)
  double getElasticFaceCosPlusStd();

  void setElasticFaceCosPlusStd(double value);

  @Description("elasticface (all four): the scale s")
  @Default.Double(ModernLosses.DEFAULT_SCALE)
  double getElasticFaceScale();

  void setElasticFaceScale(double value);

  @Description(
      "elasticface plus variants: how the sorted margins meet the samples: official (the released code's gather, which shuffles them) or intended (the paper's: smallest margin to the largest cos_y)")
  @Default.Enum("OFFICIAL")
  ModernLosses.PlusOrder getElasticFacePlusOrder();

  void setElasticFacePlusOrder(ModernLosses.PlusOrder value);

  /**
   * The settings these options describe.
   *
   * @throws IllegalArgumentException for a value no loss accepts
   */
  static ModernLosses modernLosses(ModernLossOptions o) {
    return ModernLosses.builder()
        .curricularFace(
            o.getCurricularFaceMargin(), o.getCurricularFaceScale(), o.getCurricularFaceAlpha())
        .adaFace(
            o.getAdaFaceMargin(),
            o.getAdaFaceH(),
            o.getAdaFaceScale(),
            o.getAdaFaceAlpha(),
            o.getAdaFaceInitialMean(),
            o.getAdaFaceInitialStd())
        .magFace(
            o.getMagFaceLowerNorm(),
            o.getMagFaceUpperNorm(),
            o.getMagFaceLowerMargin(),
            o.getMagFaceUpperMargin(),
            o.getMagFaceLambda(),
            o.getMagFaceScale(),
            o.getMagFaceEasyMargin())
        .elasticFace(
            o.getElasticFaceArcMargin(),
            o.getElasticFaceCosMargin(),
            o.getElasticFaceArcStd(),
            o.getElasticFaceArcPlusStd(),
            o.getElasticFaceCosStd(),
            o.getElasticFaceCosPlusStd(),
            o.getElasticFaceScale(),
            o.getElasticFacePlusOrder())
        .build();
  }
}
