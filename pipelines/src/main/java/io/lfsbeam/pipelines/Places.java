package io.lfsbeam.pipelines;

import io.lfsbeam.io.LocalPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * The rule that an output is written apart from what a command reads: an output that is an input,
 * lies inside one (a rerun would read it back: preprocess would list it as an identity) or holds
 * one (writing it could overwrite or delete the input: an identity folder named {@code pairs}) is
 * refused, with one line. Paths are compared where they really are ({@link LocalPaths#canonical}),
 * so a trailing slash, {@code ./}, {@code ..} or a symbolic link to the same folder changes
 * nothing.
 */
public final class Places {
  private Places() {}

  /**
   * A place a command reads.
   *
   * @param option how the user named it, e.g. {@code --data=runs/d}
   * @param path the file or folder read (for a list file: the folder its paths are read from)
   */
  public record Input(String option, Path path) {
    public static Input of(String option, String value) {
      return value == null ? null : new Input("--" + option + "=" + value, Paths.get(value));
    }
  }

  /**
   * Refuses an output that is, lies inside, or holds one of {@code inputs} (null entries and a null
   * output are skipped).
   *
   * @throws IllegalArgumentException with the one-line reason
   */
  public static void apart(String outputOption, String output, List<Input> inputs) {
    if (output == null) {
      return;
    }
    String out = "--" + outputOption + "=" + output;
    for (Input in : inputs) {
      if (in == null) {
        continue;
      }
      LocalPaths.Relation r;
      try {
        r = LocalPaths.relation(Paths.get(output), in.path());
      } catch (IOException e) {
        throw new IllegalArgumentException(out + ": " + e.getMessage(), e);
      }
      switch (r) {
        case SAME ->
            throw new IllegalArgumentException(
                out
                    + " is the same place as "
                    + in.option()
                    + ": writing there would destroy the"
                    + " input; choose another output");
        case INSIDE ->
            throw new IllegalArgumentException(
                out
                    + " lies inside "
                    + in.option()
                    + ": a rerun would read its own output as input;"
                    + " choose an output outside it");
        case CONTAINS ->
            throw new IllegalArgumentException(
                in.option()
                    + " lies inside "
                    + out
                    + ": writing the output could overwrite the input;"
                    + " choose an output that does not hold it");
        case APART -> {}
      }
    }
  }
}
