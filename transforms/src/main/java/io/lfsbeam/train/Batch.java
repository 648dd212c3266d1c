package io.lfsbeam.train;

/**
 * One batch as the graph takes it: normalised pixels (v − 127.5)/128 in NHWC order and labels.
 * Arrays are shared, not copied (batches are large and short-lived).
 */
public final class Batch {
  private final float[] pixels;
  private final int[] labels;
  private final int height;
  private final int width;

  public Batch(float[] pixels, int[] labels, int height, int width) {
    if (pixels.length != (long) labels.length * height * width * 3) {
      throw new IllegalArgumentException(
          "pixels do not match " + labels.length + " images of " + height + "x" + width + "x3");
    }
    this.pixels = pixels;
    this.labels = labels;
    this.height = height;
    this.width = width;
  }

  public float[] pixels() {
    return pixels;
  }

  public int[] labels() {
    return labels;
  }

  public int size() {
    return labels.length;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }
}
