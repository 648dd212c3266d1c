package io.lfsbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.pipelines.SearchPipeline;
import io.lfsbeam.pipelines.TrainOptions;
import io.lfsbeam.schemas.LossFamily;
import io.lfsbeam.schemas.LossParams;
import io.lfsbeam.schemas.SearchMode;
import io.lfsbeam.search.SearchConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lfs train --loss=modulated}: the options reach the fixed-mode config, and bad values are
 * usage errors.
 */
class TrainCommandTest {
  @TempDir Path data;

  /** Outputs lie apart from the data (an output inside it is refused). */
  @TempDir Path runs;

  private SearchConfig config(String... extra) {
    String[] base = {"--data=" + data, "--output=" + runs.resolve("out")};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    TrainOptions o = PipelineOptionsFactory.fromArgs(all).withValidation().as(TrainOptions.class);
    // the options' reading only: validate also wants a preprocess output in --data
    return SearchPipeline.config(TrainCommand.asSearch(o));
  }

  @Test
  void modulatedTrainsOneFixedCandidateWithTheGivenFactor() {
    SearchConfig c = config("--loss=modulated", "--modulation=-100");
    assertEquals(SearchMode.FIXED, c.mode());
    assertEquals(LossFamily.MODULATED, c.fixedFamily());
    LossParams p = c.fixedParams();
    assertEquals(-100, p.getA(), 0.0);
    assertEquals(32, p.getScale(), 0.0);
  }

  @Test
  void modulatedWithoutAFactorTakesMinusEToTheScaleOverThree() {
    assertEquals(-Math.exp(32.0 / 3), config("--loss=modulated").fixedParams().getA(), 1e-6);
    assertEquals(
        -Math.exp(16.0 / 3),
        config("--loss=modulated", "--scale=16").fixedParams().getA(),
        1e-9,
        "the default follows --scale");
  }

  @Test
  void otherLossesAreUnchanged() {
    SearchConfig c = config("--loss=cosface");
    assertEquals(LossFamily.COSFACE, c.fixedFamily());
    assertEquals(0.35, c.fixedParams().getM2(), 0.0);
    assertEquals(null, c.fixedParams().getA());
  }

  @Test
  void modernMarginsTakeTheirOwnOptionsAndScale() {
    SearchConfig c = config("--loss=adaface", "--adaFaceMargin=0.5", "--scale=16");
    assertEquals(LossFamily.ADAFACE, c.fixedFamily());
    assertEquals(0.5, c.fixedParams().getM2(), 0.0);
    assertEquals(64, c.fixedParams().getScale(), 0.0, "--scale is METHOD.md's losses'");
    assertEquals(32, config("--loss=magface", "--magFaceScale=32").fixedParams().getScale(), 0.0);
    SearchConfig plus = config("--loss=elasticface-arc+", "--elasticFacePlusOrder=intended");
    assertEquals(LossFamily.ELASTICFACE_ARC_PLUS, plus.fixedFamily());
    assertEquals("intended", plus.fixedParams().getElasticOrder());
    assertEquals(0.0175, plus.fixedParams().getElasticStd(), 0.0);
  }

  @Test
  void badFactorsAndMisplacedOptionsAreOneLineUsageErrors() {
    // each bad command line, and what its message must name
    Map<List<String>, String> cases = new LinkedHashMap<>();
    cases.put(List.of("--loss=modulated", "--modulation=0.5"), "a <= 0, not 0.5");
    cases.put(List.of("--loss=modulated", "--modulation=-Infinity"), "finite");
    cases.put(List.of("--loss=cosface", "--modulation=-100"), "--loss=modulated only");
    cases.put(List.of("--loss=modulated", "--margin=0.35"), "not --margin");
    cases.put(List.of("--loss=modulated", "--modulation=lots"), "lots");
    cases.put(List.of("--loss=adaface", "--margin=0.3"), "--adaFaceMargin");
    cases.put(List.of("--loss=curricularface", "--curricularFaceAlpha=2"), "(0, 1]");
    cases.put(List.of("--loss=elasticface-cos-plus", "--elasticFacePlusOrder=sorted"), "sorted");
    for (Map.Entry<List<String>, String> c : cases.entrySet()) {
      List<String> args = c.getKey();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Lfs lfs =
          new Lfs(
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8),
              List.of(new TrainCommand()));
      String[] argv = new String[args.size() + 3];
      argv[0] = "train";
      argv[1] = "--data=" + data;
      argv[2] = "--output=" + runs.resolve("out");
      for (int i = 0; i < args.size(); i++) {
        argv[3 + i] = args.get(i);
      }
      assertEquals(2, lfs.run(argv), args + ": " + err);
      String message = err.toString(StandardCharsets.UTF_8).strip();
      assertTrue(message.contains(c.getValue()), args + ": " + message);
      assertEquals(1, message.lines().count(), args + ": " + message);
    }
  }
}
