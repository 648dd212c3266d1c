package io.lfsbeam.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A small fixed-width table of benchmark figures: a title, a header and rows of cells. */
public final class BenchTable {
  private final String title;
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public BenchTable(String title, String... header) {
    this.title = title;
    this.header = List.of(header);
  }

  /** Adds a row; it must have as many cells as the header. */
  public BenchTable row(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells, header " + header.size());
    }
    List<String> r = new ArrayList<>();
    for (Object c : cells) {
      r.add(String.valueOf(c));
    }
    rows.add(r);
    return this;
  }

  public List<List<String>> rows() {
    return List.copyOf(rows);
  }

  /** Numbers with thousands separators and a sensible number of decimals for a table. */
  public static String number(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    double a = Math.abs(v);
    String fmt = a >= 100 ? "%,.0f" : a >= 10 ? "%,.1f" : a >= 1 ? "%,.2f" : "%,.3f";
    return String.format(Locale.ROOT, fmt, v);
  }

  public static String megabytes(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%,d MB", bytes / (1024 * 1024));
  }

  public void print(PrintStream out) {
    int[] width = new int[header.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = header.get(i).length();
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    out.println(title);
    out.println(line(header, width));
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < width.length; i++) {
      rule.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
    }
    out.println(rule);
    for (List<String> r : rows) {
      out.println(line(r, width));
    }
    out.println();
  }

  /** First column left-aligned (a label), the others right-aligned (figures). */
  private static String line(List<String> cells, int[] width) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String fmt = i == 0 ? "%-" + width[i] + "s" : "  %" + width[i] + "s";
      b.append(String.format(Locale.ROOT, fmt, cells.get(i)));
    }
    return b.toString().stripTrailing();
  }
}
