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

  /**
   * An output folder this process can write: the path, if it exists, is a folder it may write in;
   * otherwise its deepest existing ancestor is such a folder (it is created there later). Nothing
   * is created here.
   */
  public static Path writableFolder(String option, String value) {
    if (value == null || value.isBlank()) {
      throw new UsageException("--" + option + " is required");
    }
    Path p = Paths.get(value).toAbsolutePath().normalize();
    if (Files.exists(p) && !Files.isDirectory(p)) {
      throw new UsageException("--" + option + "=" + value + " is a file, not a folder");
    }
    writableAncestor(option, value, p);
    return p;
  }

  /**
   * An output file this process can write: not a folder, and its folder (or that folder's deepest
   * existing ancestor) a folder it may write in.
   */
  public static Path writableFile(String option, String value) {
    if (value == null || value.isBlank()) {
      throw new UsageException("--" + option + " is required");
    }
    Path p = Paths.get(value).toAbsolutePath().normalize();
    if (Files.isDirectory(p)) {
      throw new UsageException("--" + option + "=" + value + " is a folder, not a file");
    }
    if (Files.exists(p) && !Files.isWritable(p)) {
      throw new UsageException(
          "--" + option + "=" + value + ": the file cannot be replaced (no write permission)");
    }
    if (p.getParent() != null) {
      writableAncestor(option, value, p.getParent());
    }
    return p;
  }

  private static void writableAncestor(String option, String value, Path p) {
    Path existing = p;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      throw new UsageException("--" + option + "=" + value + ": no part of this path exists");
    }
    if (!Files.isDirectory(existing)) {
      throw new UsageException(
          "--"
              + option
              + "="
              + value
              + ": "
              + existing
              + " is a file, so no folder can be made under it");
    }
    if (!Files.isWritable(existing)) {
      throw new UsageException(
          "--"
              + option
              + "="
              + value
              + ": cannot write in "
              + existing
              + " (no permission, or a read-only file system)");
    }
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

  /** A check that may throw what the usage error should say. */
  @FunctionalInterface
  interface Check {
    void run() throws Exception;
  }

  /**
   * Runs checks that read files or parse options, turning what they throw into one usage error: an
   * {@link IllegalArgumentException}'s message as it is, anything else (a refused .bin, a folder
   * that cannot be read) described by {@link ErrorLine}.
   */
  static void asUsage(Check check) {
    try {
      check.run();
    } catch (UsageException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    } catch (Exception e) {
      throw new UsageException(ErrorLine.describe(e));
    }
  }
}
