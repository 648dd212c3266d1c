package io.lfsbeam.preprocess;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The rerun rule of a preprocess output folder: a run writes into a folder that is new, empty, or
 * the output of an earlier preprocess, and in that last case it first removes every file the
 * earlier run wrote ({@link #NAMES}), so nothing of it (a {@code dead_letters.avro} of 12 beside a
 * manifest that says 0) survives beside the new one. A folder holding anything else is refused:
 * preprocess deletes only what it writes. Hidden entries (a name starting with a dot: interrupted
 * atomic writes, other tools' lock files) are not judged; the temporary files of an interrupted
 * write of one of {@link #NAMES} are removed with it.
 */
public final class PreprocessOutput {
  /** Every entry a preprocess run writes at the top of its output ({@link WritePreprocessed}). */
  public static final Set<String> NAMES =
      Set.of(
          "faces",
          "pairs",
          "labels.tsv",
          "dead_letters.avro",
          "duplicates.avro",
          "manifest.avro",
          "manifest.json",
          "contact_sheet.png");

  private PreprocessOutput() {}

  /**
   * Why preprocess may not write into {@code output} (a phrase to follow its name), or null when it
   * may (it does not exist, is empty, or holds only what a preprocess writes).
   */
  public static String problem(Path output) throws IOException {
    if (!Files.exists(output, LinkOption.NOFOLLOW_LINKS) && !Files.exists(output)) {
      return null;
    }
    if (!Files.isDirectory(output)) {
      return "exists and is not a folder";
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(output)) {
      for (Path e : entries) {
        String name = e.getFileName().toString();
        if (!name.startsWith(".") && !NAMES.contains(name)) {
          return "holds '"
              + name
              + "', which preprocess does not write; give an empty or new folder (a rerun into"
              + " an earlier preprocess output replaces it)";
        }
      }
    }
    return null;
  }

  /**
   * Removes what an earlier run wrote into {@code output} (after {@link #problem} found nothing
   * else there): the files of {@link #NAMES}, everything under {@code faces/} and {@code pairs/},
   * and the temporary files of interrupted writes of those names.
   *
   * @return the names removed
   */
  public static List<String> clear(Path output) throws IOException {
    String problem = problem(output);
    if (problem != null) {
      throw new IllegalArgumentException(output + " " + problem);
    }
    if (!Files.isDirectory(output)) {
      return List.of();
    }
    List<Path> ours;
    try (Stream<Path> entries = Files.list(output)) {
      ours = entries.filter(PreprocessOutput::ours).sorted().toList();
    }
    for (Path p : ours) {
      deleteTree(p);
    }
    return ours.stream().map(p -> p.getFileName().toString()).toList();
  }

  private static boolean ours(Path p) {
    String name = p.getFileName().toString();
    if (NAMES.contains(name)) {
      return true;
    }
    // AtomicFile's temporary names: .<target>.<uuid>.tmp
    return name.startsWith(".")
        && name.endsWith(".tmp")
        && NAMES.stream().anyMatch(n -> name.startsWith("." + n + "."));
  }

  /** Deletes a file, or a folder with everything under it; links are removed, not followed. */
  private static void deleteTree(Path p) throws IOException {
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> all = Files.walk(p)) {
        for (Path q : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(q);
        }
      }
    } else {
      Files.deleteIfExists(p);
    }
  }
}
