package io.lfsbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.lfsbeam.options.Choice;
import io.lfsbeam.search.ResumeCheck;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;
import org.junit.jupiter.api.Test;

class LfsTest {
  public enum Colour implements Choice {
    DARK_RED,
    BLUE;

    @JsonCreator
    public static Colour parse(String text) {
      return Choice.parse(Colour.class, text);
    }
  }

  public interface EchoOptions extends PipelineOptions {
    @Description("Where to read from")
    @Validation.Required
    String getInput();

    void setInput(String v);

    @Description("How many times")
    @Default.Integer(3)
    int getTimes();

    void setTimes(int v);

    @Description("Which colour")
    @Default.Enum("DARK_RED")
    Colour getColour();

    void setColour(Colour v);
  }

  static final class Echo implements Command<EchoOptions> {
    int seenTimes = -1;
    Colour seenColour;

    @Override
    public String name() {
      return "echo";
    }

    @Override
    public String summary() {
      return "Echoes its input.";
    }

    @Override
    public Class<EchoOptions> optionsType() {
      return EchoOptions.class;
    }

    @Override
    public void validate(EchoOptions o) {
      Checks.existingPath("input", o.getInput());
    }

    @Override
    public String positionalOption() {
      return "input";
    }

    @Override
    public int run(EchoOptions o) {
      seenTimes = o.getTimes();
      seenColour = o.getColour();
      if (o.getTimes() == 13) {
        throw new IllegalStateException("unlucky\nsecond line");
      }
      if (o.getTimes() == 14) {
        throw new ResumeCheck.ConfigChangeRefusedException(
            "cannot resume out after round 2: its recorded configuration differs in seed (1 -> 2)");
      }
      return 0;
    }
  }

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Echo echo = new Echo();
  private final Lfs lfs =
      new Lfs(
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8),
          List.of(echo));

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpListsCommands() {
    assertEquals(0, lfs.run(new String[] {"--help"}));
    assertTrue(out().contains("echo") && out().contains("Echoes its input."), out());
  }

  @Test
  void commandHelpListsOptionsWithDescriptionsAndDefaults() {
    assertEquals(0, lfs.run(new String[] {"echo", "--help"}));
    assertTrue(out().contains("--input=<String>"), out());
    assertTrue(out().contains("Where to read from (required)"), out());
    assertTrue(out().contains("How many times (default: 3)"), out());
  }

  @Test
  void helpListsTheChoicesOfAnEnumOptionAsTheCommandLineSpellsThem() {
    assertEquals(0, lfs.run(new String[] {"echo", "--help"}));
    assertTrue(out().contains("--colour=<dark-red|blue>"), out());
    assertTrue(out().contains("Which colour (default: dark-red)"), out());
  }

  @Test
  void anEnumOptionTakesItsLowerCaseHyphenatedSpellingAndTheConstantName() {
    assertEquals(0, lfs.run(new String[] {"echo", "--input=."}));
    assertEquals(Colour.DARK_RED, echo.seenColour);
    assertEquals(0, lfs.run(new String[] {"echo", "--input=.", "--colour=blue"}));
    assertEquals(Colour.BLUE, echo.seenColour);
    assertEquals(0, lfs.run(new String[] {"echo", "--input=.", "--colour=dark-red"}));
    assertEquals(Colour.DARK_RED, echo.seenColour);
    assertEquals(0, lfs.run(new String[] {"echo", "--input=.", "--colour=BLUE"}));
    assertEquals(Colour.BLUE, echo.seenColour);
    assertEquals("", err());
  }

  @Test
  void aWrongChoiceIsOneLineNamingTheOptionAndItsChoices() {
    assertEquals(2, lfs.run(new String[] {"echo", "--input=.", "--colour=green"}));
    assertOneLine(err(), "--colour must be one of dark-red, blue; not green");
  }

  @Test
  void runsWithParsedOptions() {
    assertEquals(0, lfs.run(new String[] {"echo", "--input=.", "--times=5"}));
    assertEquals(5, echo.seenTimes);
    assertEquals("", err());
  }

  @Test
  void aRefusedResumeIsWrongUsageOnOneLine() {
    assertEquals(2, lfs.run(new String[] {"echo", "--input=.", "--times=14"}));
    assertOneLine(err(), "differs in seed (1 -> 2)");
  }

  @Test
  void aBareFirstWordIsThePositionalOption() {
    assertEquals(0, lfs.run(new String[] {"echo", ".", "--times=4"}));
    assertEquals(4, echo.seenTimes);
  }

  @Test
  void unknownCommandIsOneLineAndExitTwo() {
    assertEquals(2, lfs.run(new String[] {"frobnicate"}));
    assertOneLine(err(), "unknown command 'frobnicate'");
  }

  @Test
  void unknownOptionIsOneLine() {
    assertEquals(2, lfs.run(new String[] {"echo", "--input=.", "--tims=5"}));
    assertOneLine(err(), "tims");
  }

  @Test
  void badValueIsOneLine() {
    assertEquals(2, lfs.run(new String[] {"echo", "--input=.", "--times=many"}));
    assertOneLine(err(), "lfs echo:");
  }

  @Test
  void missingRequiredOptionIsOneLine() {
    assertEquals(2, lfs.run(new String[] {"echo"}));
    assertOneLine(err(), "input");
  }

  @Test
  void missingPathIsOneLine() {
    assertEquals(2, lfs.run(new String[] {"echo", "--input=/no/such/place"}));
    assertOneLine(err(), "no such file or directory");
  }

  @Test
  void failureInsideACommandIsOneLineExitOne() {
    assertEquals(1, lfs.run(new String[] {"echo", "--input=.", "--times=13"}));
    assertOneLine(err(), "error: unlucky second line");
  }

  @Test
  void noArgumentsPrintsUsageAndFails() {
    assertEquals(2, lfs.run(new String[0]));
    assertTrue(err().contains("usage:"));
  }

  private static void assertOneLine(String text, String expected) {
    String[] lines = text.strip().split("\\R");
    assertEquals(1, lines.length, "expected one line, got: " + text);
    assertTrue(lines[0].contains(expected), lines[0]);
    assertFalse(lines[0].contains("\tat "), "no stack trace");
  }
}
