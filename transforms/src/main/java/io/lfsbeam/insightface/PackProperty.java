package io.lfsbeam.insightface;

import java.io.Serializable;

/**
 * The {@code property} file of a pack: one line {@code num_classes,height,width} (e.g. {@code
 * 85742,112,112} for MS1M-ArcFace).
 */
public record PackProperty(int numClasses, int height, int width) implements Serializable {
  public PackProperty {
    if (numClasses < 0 || height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "property needs num_classes >= 0 and a positive size: "
              + numClasses
              + ","
              + height
              + ","
              + width);
    }
  }

  /** Parses the file's text; a malformed one is an {@link IllegalArgumentException} quoting it. */
  public static PackProperty parse(String text) {
    String t = text.strip();
    String[] f = t.split("\\s*,\\s*");
    if (f.length != 3) {
      throw new IllegalArgumentException("property '" + t + "' is not num_classes,height,width");
    }
    try {
      return new PackProperty(
          Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "property '" + t + "' is not three whole numbers num_classes,height,width");
    }
  }

  /** The file's text, as insightface writes it. */
  public String format() {
    return numClasses + "," + height + "," + width + "\n";
  }
}
