package io.lfsbeam.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lfsbeam.search.policy.SearchSpace;
import io.lfsbeam.search.runner.TrainSettings.Isolation;
import io.lfsbeam.search.runner.TrainSettings.TrainData;
import io.lfsbeam.synth.ImageFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChoiceTest {
  @Test
  void spellingIsLowerCaseWithHyphens() {
    assertEquals("in-process", Choice.spelling(Isolation.IN_PROCESS));
    assertEquals(List.of("in-process", "child-process"), Choice.spellings(Isolation.class));
  }

  @Test
  void everyFormerCommandLineSpellingStillParses() {
    // the words the string switches accepted before the options became enums
    for (String s : List.of("in-process", "inprocess", "thread", "IN_PROCESS", "In-Process")) {
      assertEquals(Isolation.IN_PROCESS, Isolation.parse(s), s);
    }
    for (String s : List.of("child-process", "childprocess", "process", "CHILD_PROCESS")) {
      assertEquals(Isolation.CHILD_PROCESS, Isolation.parse(s), s);
    }
    assertEquals(TrainData.MEMORY, TrainData.parse("in-memory"));
    assertEquals(TrainData.STREAM, TrainData.parse("streamed"));
    assertEquals(TrainData.AUTO, TrainData.parse(" AUTO "));
    assertEquals(SearchSpace.LOCAL, SearchSpace.parse("local"));
    assertEquals(ImageFormat.JPG, ImageFormat.parse("jpeg"));
    assertEquals(ImageFormat.PNG, ImageFormat.parse("PNG"));
  }

  @Test
  void anUnknownWordNamesTheChoices() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SearchSpace.parse("galactic"));
    assertEquals("'galactic' is not one of global, local", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Isolation.parse(""));
    assertThrows(IllegalArgumentException.class, () -> Isolation.parse(null));
  }

  @Test
  void jacksonAsBeamCallsItReadsTheLowerCaseSpellingAndItsOwnOutput() throws Exception {
    // Beam's PipelineOptionsFactory converts option text with ObjectMapper.convertValue, and
    // runners ship options to workers as JSON written by Jackson: both must land on the constant
    ObjectMapper mapper = new ObjectMapper();
    assertEquals(Isolation.CHILD_PROCESS, mapper.convertValue("child-process", Isolation.class));
    assertEquals(SearchSpace.LOCAL, mapper.convertValue("local", SearchSpace.class));
    String json = mapper.writeValueAsString(TrainData.STREAM);
    assertEquals(TrainData.STREAM, mapper.readValue(json, TrainData.class));
    assertTrue(json.contains("STREAM"), json);
  }
}
