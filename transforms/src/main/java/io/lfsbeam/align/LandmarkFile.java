package io.lfsbeam.align;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

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

  /** What is wrong with a line that is not an entry. */
  public enum Problem {
    /** Missing or extra fields, or a field that is not a decimal number. */
    MALFORMED,
    /** Every field is there, but a coordinate is NaN or infinite. */
    NON_FINITE
  }

  /**
   * A line that is not an entry: the kind of problem, and the path it names (its first field,
   * normalised; empty when the line has none), so the face it was meant for can say why it has no
   * landmarks.
   */
  public static final class BadLine extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final Problem problem;
    private final String path;

    BadLine(Problem problem, String path, String message) {
      super(message);
      this.problem = problem;
      this.path = path;
    }

    public Problem problem() {
      return problem;
    }

    public String path() {
      return path;
    }
  }

  /** A decimal number as the published files and this writer spell it (no hex, no type suffix). */
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

  private static final Pattern NOT_FINITE =
      Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

  /**
   * Parses a line; blank lines and {@code #} comments give null; a line that is not a path and ten
   * finite decimal numbers throws a {@link BadLine} saying which kind of problem it has. Fields are
   * tab-separated, or whitespace-separated when the line has no tab; numbers may be integers or
   * decimals (with an exponent), but not {@code nan}, {@code inf}, hexadecimal or Java's {@code
   * 1f}/{@code 1d} spellings that {@link Double#parseDouble} would also take.
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
    String path = normalise(f[0]);
    if (f.length != 11) {
      throw new BadLine(
          Problem.MALFORMED,
          path,
          "expected a path and 10 numbers, found "
              + f.length
              + (f.length == 1 ? " field" : " fields"));
    }
    double[][] pts = new double[5][2];
    String nonFinite = null;
    for (int i = 0; i < 10; i++) {
      String v = f[i + 1].strip();
      if (NOT_FINITE.matcher(v).matches()) {
        nonFinite =
            nonFinite != null ? nonFinite : "field " + (i + 2) + " is not finite: '" + v + "'";
        continue;
      }
      if (!DECIMAL.matcher(v).matches()) {
        throw new BadLine(
            Problem.MALFORMED, path, "field " + (i + 2) + " is not a number: '" + shown(v) + "'");
      }
      pts[i / 2][i % 2] = Double.parseDouble(v);
      if (!Double.isFinite(pts[i / 2][i % 2]) && nonFinite == null) {
        nonFinite = "field " + (i + 2) + " overflows a double: '" + shown(v) + "'";
      }
    }
    if (nonFinite != null) {
      throw new BadLine(Problem.NON_FINITE, path, nonFinite);
    }
    return new Entry(path, pts);
  }

  private static String shown(String v) {
    return v.length() > 40 ? v.substring(0, 40) + "..." : v;
  }

  /**
   * Relative paths compare with '/' separators (a backslash in a landmark or list file is taken as
   * the separator Windows tools write), without empty or {@code .} segments, and with {@code a/..}
   * pairs resolved; {@code ..} segments that climb above the start are kept, so such a path names
   * no listed image. This applies to paths written in text files only: a file name on disk is taken
   * literally, backslashes and all.
   */
  public static String normalise(String path) {
    String p = path.strip().replace('\\', '/');
    Deque<String> segments = new ArrayDeque<>();
    for (String s : p.split("/")) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..") && !segments.isEmpty() && !segments.peekLast().equals("..")) {
        segments.removeLast();
      } else {
        segments.addLast(s);
      }
    }
    String joined = String.join("/", segments);
    return p.startsWith("/") ? "/" + joined : joined;
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
