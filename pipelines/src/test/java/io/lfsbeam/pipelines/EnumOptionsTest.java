package io.lfsbeam.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.schemas.AlignmentMethod;
import io.lfsbeam.schemas.SearchMode;
import io.lfsbeam.search.SearchConfig;
import io.lfsbeam.search.policy.SearchSpace;
import io.lfsbeam.search.runner.TrainSettings;
import io.lfsbeam.synth.ImageFormat;
import io.lfsbeam.train.backbone.BackbonePreset;
import org.apache.beam.runners.core.construction.SerializablePipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** The closed choices are enum-typed options; the command line spells them as it always did. */
class EnumOptionsTest {
  private static SearchOptions search(String... args) {
    return PipelineOptionsFactory.fromArgs(args).as(SearchOptions.class);
  }

  @Test
  void defaultsAreTheFormerStringDefaults() {
    SearchOptions o = search();
    assertEquals(SearchOptions.Mode.SEARCH, o.getMode());
    assertEquals(SearchSpace.GLOBAL, o.getSpace());
    assertEquals(TrainSettings.Isolation.IN_PROCESS, o.getIsolation());
    assertEquals(TrainSettings.TrainData.AUTO, o.getTrainData());
    assertEquals(BackbonePreset.TINY, o.getBackbone());
    assertEquals("tiny", TrainStageOptions.settings(o, "").backbone());
    PreprocessOptions p = PipelineOptionsFactory.fromArgs().as(PreprocessOptions.class);
    assertEquals(AlignmentMethod.LANDMARKS, p.getAlignment().schema());
    assertEquals(
        ImageFormat.PNG, PipelineOptionsFactory.fromArgs().as(SynthOptions.class).getFormat());
  }

  @Test
  void lowerCaseValuesReachTheConfig() {
    SearchOptions o =
        search(
            "--output=/tmp/x",
            "--mode=amlfs",
            "--space=local",
            "--isolation=child-process",
            "--trainData=stream",
            "--backbone=ResNet20");
    SearchConfig c = SearchPipeline.config(o);
    assertEquals(SearchMode.AMLFS, c.mode());
    assertEquals(SearchSpace.LOCAL, c.space());
    TrainSettings s = TrainStageOptions.settings(o, "");
    assertEquals(TrainSettings.Isolation.CHILD_PROCESS, s.isolation());
    assertEquals(TrainSettings.TrainData.STREAM, s.trainData());
    // the recorded configuration keeps the spelling runs have always recorded
    assertEquals("resnet20", s.backbone());
    assertEquals(
        AlignmentMethod.CENTER_CROP,
        PipelineOptionsFactory.fromArgs("--alignment=center-crop")
            .as(PreprocessOptions.class)
            .getAlignment()
            .schema());
  }

  @Test
  void aWrongTemplateNamesTheKnownOnes() {
    PreprocessOptions o =
        PipelineOptionsFactory.fromArgs("--template=arcface-96x96").as(PreprocessOptions.class);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PreprocessPipeline.config(o));
    assertTrue(e.getMessage().startsWith("--template: "), e.getMessage());
    assertTrue(e.getMessage().contains("arcface-112x96"), e.getMessage());
  }

  @Test
  void aWrongBackboneNamesThePresets() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> search("--backbone=resnet34"));
    assertTrue(
        String.valueOf(e.getMessage() + e.getCause()).contains("tiny, resnet20, resnet50"),
        e.getMessage());
  }

  @Test
  void everyModeMapsToTheRecordsMode() {
    for (SearchOptions.Mode m : SearchOptions.Mode.values()) {
      assertEquals(m.name(), m.schema().name());
    }
  }

  @Test
  void enumOptionsSurviveTheRunnersSerialisation() {
    // runners (Flink) ship the options to every worker as JSON and read them back there
    SearchOptions o =
        search("--mode=random", "--space=local", "--isolation=process", "--backbone=resnet50");
    SearchOptions back = new SerializablePipelineOptions(o).get().as(SearchOptions.class);
    assertEquals(SearchOptions.Mode.RANDOM, back.getMode());
    assertEquals(SearchSpace.LOCAL, back.getSpace());
    assertEquals(TrainSettings.Isolation.CHILD_PROCESS, back.getIsolation());
    assertEquals(BackbonePreset.RESNET50, back.getBackbone());
  }
}
