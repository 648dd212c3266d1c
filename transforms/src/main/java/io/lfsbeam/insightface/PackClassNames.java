package io.lfsbeam.insightface;

import io.lfsbeam.io.IdentityNames;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The identity name of each class of a pack: {@code class-<n>} with {@code n} zero-padded to the
 * width of the largest class index (so names sort in class order, and preprocess's labels — given
 * in name order — follow the pack's classes), or the names of a {@code <index><TAB><name>} file.
 */
public final class PackClassNames implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int width;
  private final Map<Integer, String> names;

  private PackClassNames(int width, Map<Integer, String> names) {
    this.width = width;
    this.names = names;
  }

  /** {@code class-<n>}, zero-padded for a pack of {@code numClasses} classes (unknown: 0). */
  public static PackClassNames numbered(long numClasses) {
    return new PackClassNames(Long.toString(Math.max(0, numClasses - 1)).length(), null);
  }

  /**
   * Names from {@code <index><TAB><name>} lines (blank lines and {@code #} comments skipped); a
   * malformed line, a name with a control character ({@link IdentityNames}), a repeated index or a
   * repeated name is an {@link IllegalArgumentException}.
   */
  public static PackClassNames parse(String text) {
    Map<Integer, String> names = new TreeMap<>();
    Map<String, Integer> seen = new TreeMap<>();
    int lineNo = 0;
    for (String line : text.split("\n")) {
      lineNo++;
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      String[] f = t.split("\t");
      int index;
      try {
        index = f.length == 2 ? Integer.parseInt(f[0].strip()) : -1;
      } catch (NumberFormatException e) {
        index = -1;
      }
      String name = f.length == 2 ? f[1].strip() : "";
      if (index < 0 || name.isEmpty()) {
        throw new IllegalArgumentException(
            "class names line " + lineNo + " '" + t + "' is not '<class index>\\t<name>'");
      }
      String problem = IdentityNames.problem(name);
      if (problem != null) {
        throw new IllegalArgumentException("class names line " + lineNo + ": " + problem);
      }
      if (names.put(index, name) != null) {
        throw new IllegalArgumentException("class names: class " + index + " is named twice");
      }
      Integer other = seen.put(name, index);
      if (other != null) {
        throw new IllegalArgumentException(
            "class names: '" + name + "' names classes " + other + " and " + index);
      }
    }
    return new PackClassNames(0, names);
  }

  /** The identity of a class, or null when a names file does not name it. */
  public String nameOf(int classIndex) {
    if (names != null) {
      return names.get(classIndex);
    }
    String n = Integer.toString(classIndex);
    return "class-" + "0".repeat(Math.max(0, width - n.length())) + n;
  }

  /** The names file text for {@code names} (index → name), as {@link #parse} reads it. */
  public static String format(Map<Integer, String> names) {
    names.values().stream()
        .map(IdentityNames::problem)
        .filter(p -> p != null)
        .findFirst()
        .ifPresent(
            p -> {
              throw new IllegalArgumentException("class names: " + p);
            });
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(names).forEach((k, v) -> sb.append(k).append('\t').append(v).append('\n'));
    return sb.toString();
  }
}
