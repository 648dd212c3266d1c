package io.lfsbeam.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

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
}
