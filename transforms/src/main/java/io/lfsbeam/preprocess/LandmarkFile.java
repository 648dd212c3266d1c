package io.lfsbeam.preprocess;

/**
 * One line of a landmark file in the tab-separated LFW form: relative path, then x y of the left
 * eye, right eye, nose tip, left mouth corner and right mouth corner (as seen in the image).
 * Numbers may be integers or decimals. {@code io.lfsbeam.synth.LandmarkFile} writes this form.
 */
public final class LandmarkFile {
  private LandmarkFile() {}

  /** A parsed line: the relative path and 5 (x, y) points. */
  public record Entry(String relativePath, double[][] points) {}

  /** Parses a line; blank lines and {@code #} comments give null; a malformed line throws with the reason. */
  public static Entry parse(String line) {
    String t = line.strip();
    if (t.isEmpty() || t.startsWith("#")) {
      return null;
    }
    String[] f = t.split("\t");
    if (f.length == 1) {
      f = t.split("\\s+");
    }
    if (f.length != 11) {
      throw new IllegalArgumentException("expected a path and 10 numbers, found " + f.length + " fields");
    }
    double[][] pts = new double[5][2];
    for (int i = 0; i < 10; i++) {
      try {
        pts[i / 2][i % 2] = Double.parseDouble(f[i + 1].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("field " + (i + 2) + " is not a number: '" + f[i + 1] + "'");
      }
    }
    return new Entry(normalise(f[0]), pts);
  }

  /** Relative paths compare with '/' separators and without a leading "./". */
  public static String normalise(String path) {
    String p = path.strip().replace('\\', '/');
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    return p;
  }
}
