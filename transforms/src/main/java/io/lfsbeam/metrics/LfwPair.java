package io.lfsbeam.metrics;

/**
 * One line of an LFW-style {@code pairs.txt}: two images, each named by identity and 1-based image
 * number ({@code Name/Name_%04d.jpg} in LFW), whether they show the same identity, and the fold.
 *
 * <p>The format can only express a matched pair with one name and a mismatched pair with two, so
 * {@code same} must agree with whether the names are equal. Names cannot contain whitespace (it
 * separates fields).
 */
public record LfwPair(
    String leftName, int leftIndex, String rightName, int rightIndex, boolean same, int fold) {
  public LfwPair {
    checkName(leftName);
    checkName(rightName);
    if (leftIndex < 0 || rightIndex < 0) {
      throw new IllegalArgumentException(
          "image numbers must be ≥ 0: " + leftIndex + ", " + rightIndex);
    }
    if (fold < 0) {
      throw new IllegalArgumentException("fold must be ≥ 0: " + fold);
    }
    if (same != leftName.equals(rightName)) {
      throw new IllegalArgumentException(
          same
              ? "a matched pair needs one name, got " + leftName + " and " + rightName
              : "a mismatched pair needs two different names, got " + leftName + " twice");
    }
  }

  /** A matched pair: two images of one identity. */
  public static LfwPair matched(String name, int leftIndex, int rightIndex, int fold) {
    return new LfwPair(name, leftIndex, name, rightIndex, true, fold);
  }

  /** A mismatched pair: images of two different identities. */
  public static LfwPair mismatched(
      String leftName, int leftIndex, String rightName, int rightIndex, int fold) {
    return new LfwPair(leftName, leftIndex, rightName, rightIndex, false, fold);
  }

  private static void checkName(String name) {
    if (name == null || name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "identity name must be non-empty without whitespace: '" + name + "'");
    }
  }
}
