package io.lfsbeam.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.schemas.SearchMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The modern margins by name: the official defaults (copied by hand from BASELINES.md, the oracle
 * here), their own scale, the plus spelling, and a fixed or population search that trains them.
 */
class ModernLossesTest {
  private static final double S = 32;

  private static LossParams params(String name) {
    return FixedLoss.named(name, S).params(S);
  }

  @Test
  void everyLossDefaultsToTheOfficialCode() {
    LossParams curricular = params("curricularface");
    assertEquals(
        List.of(64.0, 0.5, 0.01),
        List.of(curricular.getScale(), curricular.getM3(), curricular.getCurricularAlpha()));
    LossParams ada = params("adaface");
    assertEquals(
        List.of(64.0, 0.4, 0.333, 0.01, 20.0, 100.0),
        List.of(
            ada.getScale(),
            ada.getM2(),
            ada.getAdaH(),
            ada.getAdaAlpha(),
            ada.getAdaInitialMean(),
            ada.getAdaInitialStd()));
    LossParams mag = params("magface");
    assertEquals(
        List.of(64.0, 10.0, 110.0, 0.45, 0.8, 35.0),
        List.of(
            mag.getScale(),
            mag.getMagLowerNorm(),
            mag.getMagUpperNorm(),
            mag.getMagLowerMargin(),
            mag.getMagUpperMargin(),
            mag.getMagLambda()));
    assertTrue(mag.getMagEasyMargin());
    assertEquals(List.of(64.0, 0.5, 0.05), elastic(params("elasticface-arc"), true));
    assertEquals(List.of(64.0, 0.5, 0.0175), elastic(params("elasticface-arc-plus"), true));
    assertEquals(List.of(64.0, 0.35, 0.05), elastic(params("elasticface-cos"), false));
    assertEquals(List.of(64.0, 0.35, 0.02), elastic(params("elasticface-cos-plus"), false));
    assertEquals("official", params("elasticface-cos-plus").getElasticOrder());
  }

  private static List<Double> elastic(LossParams p, boolean arc) {
    return List.of(p.getScale(), arc ? p.getM3() : p.getM2(), p.getElasticStd());
  }

  /** A record read without these fields (an older writer) gets the same values as the options. */
  @Test
  void theSchemaDefaultsAgreeWithTheOptionDefaults() {
    LossParams schema = LossParams.newBuilder().build();
    assertEquals(ModernLosses.DEFAULT_CURRICULAR_ALPHA, schema.getCurricularAlpha(), 0.0);
    assertEquals(ModernLosses.DEFAULT_ADA_H, schema.getAdaH(), 0.0);
    assertEquals(ModernLosses.DEFAULT_ADA_ALPHA, schema.getAdaAlpha(), 0.0);
    assertEquals(ModernLosses.DEFAULT_ADA_INITIAL_MEAN, schema.getAdaInitialMean(), 0.0);
    assertEquals(ModernLosses.DEFAULT_ADA_INITIAL_STD, schema.getAdaInitialStd(), 0.0);
    assertEquals(ModernLosses.DEFAULT_MAG_LOWER_NORM, schema.getMagLowerNorm(), 0.0);
    assertEquals(ModernLosses.DEFAULT_MAG_UPPER_NORM, schema.getMagUpperNorm(), 0.0);
    assertEquals(ModernLosses.DEFAULT_MAG_LOWER_MARGIN, schema.getMagLowerMargin(), 0.0);
    assertEquals(ModernLosses.DEFAULT_MAG_UPPER_MARGIN, schema.getMagUpperMargin(), 0.0);
    assertEquals(ModernLosses.DEFAULT_MAG_LAMBDA, schema.getMagLambda(), 0.0);
    assertEquals(ModernLosses.DEFAULT_MAG_EASY_MARGIN, schema.getMagEasyMargin());
    assertEquals(ModernLosses.DEFAULT_ELASTIC_ARC_STD, schema.getElasticStd(), 0.0);
    assertEquals("official", schema.getElasticOrder());
  }

  @Test
  void theirScaleIsTheirOwnAndTheirOptionsReachTheParams() {
    assertEquals(64, FixedLoss.named("adaface", 16).params(16).getScale(), 0.0);
    ModernLosses m =
        ModernLosses.builder()
            .adaFace(0.5, 0.2, 48, 0.1, 10, 5)
            .elasticFace(0.45, 0.3, 0.04, 0.01, 0.03, 0.015, 30, ModernLosses.PlusOrder.INTENDED)
            .build();
    LossParams ada =
        FixedLoss.parse("adaface", null, FixedLoss.DEFAULT_COMBINED, null, S, m).params(S);
    assertEquals(
        List.of(48.0, 0.5, 0.2, 0.1, 10.0, 5.0),
        List.of(
            ada.getScale(),
            ada.getM2(),
            ada.getAdaH(),
            ada.getAdaAlpha(),
            ada.getAdaInitialMean(),
            ada.getAdaInitialStd()));
    LossParams plus =
        FixedLoss.parse("elasticface-cos-plus", null, FixedLoss.DEFAULT_COMBINED, null, S, m)
            .params(S);
    assertEquals(List.of(30.0, 0.3, 0.015), elastic(plus, false));
    assertEquals("intended", plus.getElasticOrder());
  }

  @Test
  void namesAndTheirMistakes() {
    assertEquals(LossFamily.ELASTICFACE_ARC_PLUS, FixedLoss.named("ElasticFace-Arc+", S).family());
    assertEquals("elasticface-cos-plus", FixedLoss.canonicalName(" elasticface-cos+ "));
    assertTrue(FixedLoss.NAMES.containsAll(ModernLosses.NAMES));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FixedLoss.parse("curricularface", 0.3, FixedLoss.DEFAULT_COMBINED, null, S));
    assertTrue(e.getMessage().contains("--curricularFaceMargin"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FixedLoss.parse("magface", null, FixedLoss.DEFAULT_COMBINED, -10.0, S));
    assertTrue(e.getMessage().contains("--loss=modulated only"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> ModernLosses.builder().magFace(110, 10, 0.45, 0.8, 35, 64, true).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> ModernLosses.builder().curricularFace(0.5, 64, 0).build());
  }

  @Test
  void fixedAndPopulationSearchesTrainTheLossWithItsParameters() {
    for (SearchMode mode : List.of(SearchMode.FIXED, SearchMode.POPULATION)) {
      SearchConfig c =
          SearchConfig.builder()
              .mode(mode)
              .candidates(3)
              .fixedLoss(FixedLoss.named("adaface", S))
              .build();
      List<LossCandidate> round = SearchPolicies.sample(SearchPolicies.initial(c), c);
      assertEquals(mode == SearchMode.FIXED ? 1 : 3, round.size());
      for (LossCandidate cand : round) {
        assertEquals(LossFamily.ADAFACE, cand.getFamily());
        assertEquals(params("adaface"), cand.getParams());
      }
      Map<String, String> recorded = c.describe();
      assertEquals("ADAFACE", recorded.get("loss"));
      assertEquals("0.333", recorded.get("adaFaceH"));
      assertEquals("64.0", recorded.get("adaFaceScale"));
      assertFalse(recorded.containsKey("m2"), "METHOD.md's margins do not apply: " + recorded);
    }
  }
}
