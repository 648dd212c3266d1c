package io.lfsbeam.metrics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads and writes the LFW {@code pairs.txt} format, so the evaluation can use the standard LFW
 * protocol and preprocessing can write the same protocol for its own image sets.
 *
 * <pre>
 * 10	300                   header: folds, pairs per half-fold
 * Name	1	4               matched pair (same identity, image numbers)
 * NameA	1	NameB	2       mismatched pair
 * </pre>
 *
 * Each fold is 300 matched lines followed by 300 mismatched lines. Fields are separated by tabs or
 * spaces. Trailing blank lines are tolerated; any other deviation is an {@link
 * IllegalArgumentException} naming the 1-based line number. Writing uses tabs and {@code \n} and
 * reproduces the LFW file byte for byte.
 */
public final class LfwPairs {
  private static final Pattern SEPARATOR = Pattern.compile("[\t ]+");

  private LfwPairs() {}

  public static List<LfwPair> read(Path file) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public static List<LfwPair> parse(String text) {
    return read(new StringReader(text), "pairs text");
  }

  /** Reads all pairs, in file order. {@code source} only names the input in error messages. */
  public static List<LfwPair> read(Reader reader, String source) {
    BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
    try {
      String header = in.readLine();
      if (header == null) {
        throw error(source, 1, "empty file, expected a header '<folds> <pairs per half>'");
      }
      String[] h = fields(header);
      if (h.length != 2) {
        throw error(source, 1, "header must be '<folds> <pairs per half>', found '" + header + "'");
      }
      int folds = positive(h[0], source, 1, "fold count");
      int perHalf = positive(h[1], source, 1, "pairs per half-fold");
      List<LfwPair> pairs = new ArrayList<>(folds * 2 * perHalf);
      int lineNo = 1;
      for (int fold = 0; fold < folds; fold++) {
        for (int j = 0; j < 2 * perHalf; j++) {
          String line = in.readLine();
          lineNo++;
          if (line == null) {
            throw error(
                source,
                lineNo,
                "file ends, but the header announces "
                    + folds
                    + " folds of "
                    + (2 * perHalf)
                    + " pairs ("
                    + (folds * 2 * perHalf)
                    + " pair lines)");
          }
          pairs.add(parsePair(line, j < perHalf, fold, source, lineNo));
        }
      }
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNo++;
        if (!line.isBlank()) {
          throw error(
              source,
              lineNo,
              "unexpected line after the "
                  + (folds * 2 * perHalf)
                  + " pairs the header announces: '"
                  + line
                  + "'");
        }
      }
      return Collections.unmodifiableList(pairs);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
  }

  private static LfwPair parsePair(
      String line, boolean matched, int fold, String source, int lineNo) {
    String[] f = fields(line);
    try {
      if (matched) {
        if (f.length != 3) {
          throw error(
              source,
              lineNo,
              "fold "
                  + fold
                  + " expects a matched pair 'name n1 n2' (3 fields), found "
                  + f.length
                  + ": '"
                  + line
                  + "'");
        }
        return LfwPair.matched(
            f[0], index(f[1], source, lineNo), index(f[2], source, lineNo), fold);
      }
      if (f.length != 4) {
        throw error(
            source,
            lineNo,
            "fold "
                + fold
                + " expects a mismatched pair 'name1 n1 name2 n2' (4 fields), found "
                + f.length
                + ": '"
                + line
                + "'");
      }
      return LfwPair.mismatched(
          f[0], index(f[1], source, lineNo), f[2], index(f[3], source, lineNo), fold);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(source + " line ")) {
        throw e;
      }
      throw error(source, lineNo, e.getMessage() + ": '" + line + "'");
    }
  }

  /** Writes pairs in the LFW format; see {@link #format}. */
  public static void write(Path file, List<LfwPair> pairs) {
    try {
      Files.writeString(file, format(pairs), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  public static void write(Writer out, List<LfwPair> pairs) throws IOException {
    out.write(format(pairs));
  }

  /**
   * The pairs as LFW text: folds 0..k−1 in order, each with its matched pairs then its mismatched
   * pairs, in list order. Every fold must hold the same number n of matched and n of mismatched
   * pairs (the header {@code k n} cannot describe anything else).
   */
  public static String format(List<LfwPair> pairs) {
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("no pairs to write");
    }
    int folds = 0;
    for (LfwPair p : pairs) {
      folds = Math.max(folds, p.fold() + 1);
    }
    int[] matched = new int[folds];
    int[] mismatched = new int[folds];
    for (LfwPair p : pairs) {
      if (p.same()) {
        matched[p.fold()]++;
      } else {
        mismatched[p.fold()]++;
      }
    }
    int perHalf = matched[0];
    for (int f = 0; f < folds; f++) {
      if (matched[f] != perHalf || mismatched[f] != perHalf) {
        throw new IllegalArgumentException(
            "the pairs format needs "
                + perHalf
                + " matched and "
                + perHalf
                + " mismatched pairs in every fold; fold "
                + f
                + " has "
                + matched[f]
                + " and "
                + mismatched[f]);
      }
    }
    StringBuilder sb = new StringBuilder(pairs.size() * 32);
    sb.append(folds).append('\t').append(perHalf).append('\n');
    for (int f = 0; f < folds; f++) {
      for (LfwPair p : pairs) {
        if (p.fold() == f && p.same()) {
          sb.append(p.leftName())
              .append('\t')
              .append(p.leftIndex())
              .append('\t')
              .append(p.rightIndex())
              .append('\n');
        }
      }
      for (LfwPair p : pairs) {
        if (p.fold() == f && !p.same()) {
          sb.append(p.leftName())
              .append('\t')
              .append(p.leftIndex())
              .append('\t')
              .append(p.rightName())
              .append('\t')
              .append(p.rightIndex())
              .append('\n');
        }
      }
    }
    return sb.toString();
  }

  /** The {@code same} flag of each pair, for {@link VerificationProtocol#run}. */
  public static boolean[] sameLabels(List<LfwPair> pairs) {
    boolean[] out = new boolean[pairs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = pairs.get(i).same();
    }
    return out;
  }

  /** The fold of each pair, for {@link VerificationProtocol#run}. */
  public static int[] folds(List<LfwPair> pairs) {
    int[] out = new int[pairs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = pairs.get(i).fold();
    }
    return out;
  }

  private static String[] fields(String line) {
    String t = line.strip();
    return t.isEmpty() ? new String[0] : SEPARATOR.split(t);
  }

  private static int positive(String s, String source, int lineNo, String what) {
    int v = integer(s, source, lineNo, what);
    if (v < 1) {
      throw error(source, lineNo, what + " must be ≥ 1, found " + v);
    }
    return v;
  }

  private static int index(String s, String source, int lineNo) {
    return integer(s, source, lineNo, "image number");
  }

  private static int integer(String s, String source, int lineNo, String what) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw error(source, lineNo, what + " is not an integer: '" + s + "'");
    }
  }

  private static IllegalArgumentException error(String source, int lineNo, String message) {
    return new IllegalArgumentException(source + " line " + lineNo + ": " + message);
  }
}
