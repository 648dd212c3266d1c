package io.lfsbeam.align;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes 5-point landmark lists in the LFW/SphereFace layout ({@code lfw_landmark.txt}):
 * a relative image path, a tab, then ten tab-separated numbers {@code x y} for left eye, right eye,
 * nose tip, left mouth corner, right mouth corner (as seen in the image). The one home of this
 * format: preprocess parses it line by line, synth writes it.
 *
 * <p>The published file holds integers; this project writes {@value #DECIMALS} decimal places
 * (sub-pixel exact points) with {@link Locale#ROOT} so that a comma locale never changes the bytes.
 * Every line ends with a newline. The reader accepts both forms and a missing final newline.
 */
public final class LandmarkFile {
  /** Decimal places written for each coordinate. */
  public static final int DECIMALS = 3;

  private LandmarkFile() {}

  /** A parsed line: the relative path and 5 (x, y) points. */
  public record Entry(String relativePath, double[][] points) {}

  /**
   * Parses a line; blank lines and {@code #} comments give null; a malformed line throws with the
   * reason. Fields are tab-separated, or whitespace-separated when the line has no tab; numbers may
   * be integers or decimals.
   */
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
      throw new IllegalArgumentException(
          "expected a path and 10 numbers, found " + f.length + " fields");
    }
    double[][] pts = new double[5][2];
    for (int i = 0; i < 10; i++) {
      try {
        pts[i / 2][i % 2] = Double.parseDouble(f[i + 1].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "field " + (i + 2) + " is not a number: '" + f[i + 1] + "'");
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

  /** One line (without the newline). */
  public static String formatLine(String relativePath, FaceLandmarks landmarks) {
    if (relativePath.indexOf('\t') >= 0 || relativePath.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("path must not contain tabs or newlines: " + relativePath);
    }
    StringBuilder sb = new StringBuilder(relativePath);
    String pattern = "%." + DECIMALS + "f";
    for (double v : landmarks.toArray()) {
      sb.append('\t').append(String.format(Locale.ROOT, pattern, v));
    }
    return sb.toString();
  }

  /**
   * Writes all entries sorted by path (plain string order, which the zero-padded names make
   * natural).
   */
  public static void write(Path file, Map<String, FaceLandmarks> byPath) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, FaceLandmarks> e : new TreeMap<>(byPath).entrySet()) {
      sb.append(formatLine(e.getKey(), e.getValue())).append('\n');
    }
    // whole or not at all: a temporary file beside it, renamed over it
    Path abs = file.toAbsolutePath();
    Path temp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
    try {
      Files.write(temp, sb.toString().getBytes(StandardCharsets.UTF_8));
      Files.move(temp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Parses a landmark file, keeping the file's order of paths. */
  public static Map<String, FaceLandmarks> read(Path file) throws IOException {
    Map<String, FaceLandmarks> out = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int n = 0; n < lines.size(); n++) {
      Entry e;
      try {
        e = parse(lines.get(n));
      } catch (IllegalArgumentException ex) {
        throw new IOException(file + ":" + (n + 1) + ": " + ex.getMessage(), ex);
      }
      if (e == null) {
        continue;
      }
      double[] xy = new double[2 * FaceLandmarks.COUNT];
      for (int i = 0; i < xy.length; i++) {
        xy[i] = e.points()[i / 2][i % 2];
      }
      out.put(e.relativePath(), FaceLandmarks.fromArray(xy));
    }
    return out;
  }
}
