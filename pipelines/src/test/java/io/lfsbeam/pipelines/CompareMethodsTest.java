package io.lfsbeam.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** {@code --methods} and {@code --reference} of compare, without running anything. */
class CompareMethodsTest {
  private static CompareOptions options(String... args) {
    return PipelineOptionsFactory.fromArgs(args).as(CompareOptions.class);
  }

  @Test
  void fixedLossesRunFirstSoPopulationBestCanBeResolved() {
    List<CompareMethod> m =
        ComparePipeline.methods(options("--methods=search,population:best,cosface,softmax"));
    assertEquals(
        List.of("cosface", "softmax", "search", "population:best"),
        m.stream().map(CompareMethod::name).toList());
    assertTrue(m.get(3).unresolved());
    assertEquals(SearchOptions.Mode.POPULATION, m.get(3).mode());
    assertEquals(SearchOptions.Mode.FIXED, m.get(0).mode());
  }

  @Test
  void theDefaultIncludesTheBestFixedLossesControl() {
    List<String> names =
        ComparePipeline.methods(options()).stream().map(CompareMethod::name).toList();
    assertTrue(names.contains("population:best"), names.toString());
    assertEquals("best", options().getReference());
  }

  @Test
  void aNamedControlKeepsItsLoss() {
    CompareMethod p = CompareMethod.parse("Population:ArcFace");
    assertEquals("population:arcface", p.name());
    assertEquals("arcface", p.loss());
    assertEquals(CompareMethod.Kind.POPULATION, p.kind());
    assertEquals("population-arcface", ComparePipeline.folder(p));
  }

  @Test
  void theDefaultComparesAdaFaceAndCurricularFaceBesideThePapersLosses() {
    List<CompareMethod> m = ComparePipeline.methods(options());
    List<String> fixed =
        m.stream()
            .filter(x -> x.kind() == CompareMethod.Kind.FIXED)
            .map(CompareMethod::name)
            .toList();
    assertEquals(
        List.of("softmax", "sphereface", "cosface", "arcface", "curricularface", "adaface"), fixed);
  }

  @Test
  void modernMarginsAreMethodsAndControls() {
    CompareMethod plus = CompareMethod.parse(" ElasticFace-Arc+ ");
    assertEquals("elasticface-arc-plus", plus.name());
    assertEquals(CompareMethod.Kind.FIXED, plus.kind());
    CompareMethod control = CompareMethod.parse("population:elasticface-cos+");
    assertEquals("population:elasticface-cos-plus", control.name());
    assertEquals("elasticface-cos-plus", control.loss());
    assertEquals("population-elasticface-cos-plus", ComparePipeline.folder(control));
    assertEquals("magface", CompareMethod.parse("population:magface").loss());
    List<CompareMethod> m =
        ComparePipeline.methods(
            options("--methods=search,magface,elasticface-arc+", "--reference=elasticface-arc+"));
    assertEquals(
        List.of("magface", "elasticface-arc-plus", "search"),
        m.stream().map(CompareMethod::name).toList());
  }

  @Test
  void lossOptionsAreCheckedBeforeAnyRun() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ComparePipeline.methods(options("--methods=cosface,adaface", "--margin=0.3")));
    assertTrue(e.getMessage().contains("--adaFaceMargin"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ComparePipeline.methods(
                    options("--methods=cosface,magface", "--magFaceLowerNorm=200")));
    assertTrue(e.getMessage().contains("magFaceLowerNorm"), e.getMessage());
  }

  @Test
  void wrongUseIsOneClearLine() {
    assertThrows(IllegalArgumentException.class, () -> CompareMethod.parse("population:magic"));
    assertThrows(IllegalArgumentException.class, () -> CompareMethod.parse("bogus"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ComparePipeline.methods(options("--methods=search,population:best")));
    assertTrue(e.getMessage().contains("no fixed loss"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> ComparePipeline.methods(options("--methods=cosface,search", "--reference=arcface")));
  }
}
