package io.lfsbeam.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/** Reading back what the report wrote: table rows of a section, decoded PNGs. */
final class ReportFiles {
  private ReportFiles() {}

  /**
   * The cells of the first table row under {@code ## section} whose first cell is {@code first}.
   */
  static List<String> row(String md, String section, String first) {
    int at = md.indexOf("\n## " + section + "\n");
    if (at < 0) {
      throw new AssertionError("no section " + section + " in\n" + md);
    }
    int end = md.indexOf("\n## ", at + 4);
    for (String line : md.substring(at, end < 0 ? md.length() : end).split("\n")) {
      if (!line.startsWith("|")) {
        continue;
      }
      List<String> cells = cells(line);
      if (cells.get(0).equals(first)) {
        return cells;
      }
    }
    throw new AssertionError("no row '" + first + "' in section " + section + " of\n" + md);
  }

  static List<String> cells(String line) {
    String inner = line.trim().substring(1, line.trim().length() - 1);
    List<String> out = new ArrayList<>();
    Arrays.stream(inner.split("(?<!\\\\)\\|")).forEach(c -> out.add(c.trim()));
    return out;
  }

  static BufferedImage png(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new AssertionError("missing " + file);
    }
    BufferedImage img = ImageIO.read(file.toFile());
    if (img == null) {
      throw new AssertionError("not a decodable image: " + file);
    }
    return img;
  }
}
