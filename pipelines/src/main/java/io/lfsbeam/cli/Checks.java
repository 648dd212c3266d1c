package io.lfsbeam.cli;

import io.lfsbeam.pipelines.Places;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** Argument checks shared by the commands, each failing with a one-line {@link UsageException}. */
public final class Checks {
  private Checks() {}

  public static Path existingPath(String option, String value) {
    if (value == null || value.isBlank()) {
      throw new UsageException("--" + option + " is required");
    }
    Path p = Paths.get(value);
    if (!Files.exists(p)) {
      throw new UsageException("--" + option + "=" + value + ": no such file or directory");
    }
    return p;
  }

  /**
   * Refuses an output that is, lies inside or holds one of the inputs ({@link Places#apart}), with
   * one line; null inputs are skipped.
   */
  public static void apart(String outputOption, String output, Places.Input... inputs) {
    try {
      Places.apart(outputOption, output, Arrays.asList(inputs));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** An input for {@link #apart}: {@code --option=value} (null when the option is not given). */
  public static Places.Input input(String option, String value) {
    return Places.Input.of(option, value);
  }

  public static void inRange(String option, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new UsageException(
          "--" + option + "=" + value + " is outside [" + min + ", " + max + "]");
    }
  }

  public static void positive(String option, long value) {
    if (value <= 0) {
      throw new UsageException("--" + option + "=" + value + " must be positive");
    }
  }

  /**
   * The items of a comma-separated option, blanks skipped, each read by {@code item}; at least one
   * is required. An item that {@code item} refuses (an {@link IllegalArgumentException}) is a usage
   * error naming the option.
   */
  public static <T> List<T> list(String option, String value, Function<String, T> item) {
    List<T> out = new ArrayList<>();
    for (String s : value.split(",")) {
      if (s.isBlank()) {
        continue;
      }
      try {
        out.add(item.apply(s.strip()));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--" + option + ": " + e.getMessage());
      }
    }
    if (out.isEmpty()) {
      throw new UsageException("--" + option + " names nothing");
    }
    return out;
  }

  /** A whole number, {@code _} allowed between digits; for {@link #list}. */
  public static int integer(String s) {
    try {
      return Integer.parseInt(s.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: " + s);
    }
  }
}
