package io.lfsbeam.report;

import java.util.ArrayList;
import java.util.List;

/**
 * GitHub-flavoured Markdown pipe tables padded to equal column widths, so the same file reads well
 * as plain text in a terminal and renders as a table on GitHub.
 */
final class Markdown {
  private Markdown() {}

  /**
   * @param rightAligned per column: true for numbers (aligned right, so digits line up)
   */
  static String table(List<String> header, List<List<String>> rows, boolean... rightAligned) {
    int cols = header.size();
    int[] width = new int[cols];
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    for (List<String> row : all) {
      if (row.size() != cols) {
        throw new IllegalArgumentException(
            "row has " + row.size() + " cells, header " + cols + ": " + row);
      }
      for (int c = 0; c < cols; c++) {
        width[c] = Math.max(Math.max(width[c], 3), escape(row.get(c)).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, header, width, rightAligned);
    sb.append('|');
    for (int c = 0; c < cols; c++) {
      boolean right = c < rightAligned.length && rightAligned[c];
      sb.append(' ')
          .append("-".repeat(width[c] - (right ? 1 : 0)))
          .append(right ? ":" : "")
          .append(" |");
    }
    sb.append('\n');
    for (List<String> row : rows) {
      line(sb, row, width, rightAligned);
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, List<String> cells, int[] width, boolean[] right) {
    sb.append('|');
    for (int c = 0; c < cells.size(); c++) {
      String v = escape(cells.get(c));
      String pad = " ".repeat(width[c] - v.length());
      boolean r = c < right.length && right[c];
      sb.append(' ').append(r ? pad + v : v + pad).append(" |");
    }
    sb.append('\n');
  }

  /** A pipe or a newline inside a cell would break the table. */
  static String escape(String cell) {
    return cell == null ? Fmt.NA : cell.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
  }

  /** An image reference relative to the report. */
  static String image(String alt, String relativePath) {
    return "![" + alt + "](" + relativePath + ")\n";
  }
}
