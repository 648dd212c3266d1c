package io.lfsbeam.preprocess;

import io.lfsbeam.align.FaceTemplate;
import io.lfsbeam.image.ImageDecoder;
import io.lfsbeam.schemas.AlignmentMethod;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.display.HasDisplayData;

/**
 * What shapes a preprocess run's output (recorded in the manifest and its fingerprint). Immutable:
 * every {@code withX} returns a copy, as Beam's IO transforms do.
 */
public final class PreprocessConfig implements Serializable, HasDisplayData {
  /** {@link FaceTemplate#ARCFACE_112x112}'s name. */
  public static final String DEFAULT_TEMPLATE = "arcface-112x112";

  /** Centre crop: the whole shorter side. */
  public static final double DEFAULT_CROP_SCALE = 1.0;

  public static final int DEFAULT_MIN_IMAGES_PER_IDENTITY = 2;

  /** LFW's fold size: 300 matched and 300 mismatched pairs per fold. */
  public static final int DEFAULT_MATCHED_PAIRS_PER_FOLD = 300;

  public static final int DEFAULT_SHARDS_PER_SPLIT = 4;
  public static final long DEFAULT_SEED = 1;

  private final AlignmentMethod alignment;
  private final String template;
  private final double cropScale;
  private final long maxPixels;
  private final int minImagesPerIdentity;
  private final int matchedPairsPerFold;
  private final int shardsPerSplit;
  private final long seed;

  private PreprocessConfig(
      AlignmentMethod alignment,
      String template,
      double cropScale,
      long maxPixels,
      int minImagesPerIdentity,
      int matchedPairsPerFold,
      int shardsPerSplit,
      long seed) {
    this.alignment = alignment;
    this.template = template;
    this.cropScale = cropScale;
    this.maxPixels = maxPixels;
    this.minImagesPerIdentity = minImagesPerIdentity;
    this.matchedPairsPerFold = matchedPairsPerFold;
    this.shardsPerSplit = shardsPerSplit;
    this.seed = seed;
  }

  /**
   * Landmark alignment to the 112×112 ArcFace template, 50 MP limit, ≥2 images per identity,
   * LFW-sized folds.
   */
  public static PreprocessConfig defaults() {
    return new PreprocessConfig(
        AlignmentMethod.LANDMARKS,
        DEFAULT_TEMPLATE,
        DEFAULT_CROP_SCALE,
        ImageDecoder.DEFAULT_MAX_PIXELS,
        DEFAULT_MIN_IMAGES_PER_IDENTITY,
        DEFAULT_MATCHED_PAIRS_PER_FOLD,
        DEFAULT_SHARDS_PER_SPLIT,
        DEFAULT_SEED);
  }

  public PreprocessConfig withAlignment(AlignmentMethod v) {
    return copy(
        v,
        template,
        cropScale,
        maxPixels,
        minImagesPerIdentity,
        matchedPairsPerFold,
        shardsPerSplit,
        seed);
  }

  public PreprocessConfig withTemplate(String v) {
    return copy(
        alignment,
        v,
        cropScale,
        maxPixels,
        minImagesPerIdentity,
        matchedPairsPerFold,
        shardsPerSplit,
        seed);
  }

  public PreprocessConfig withCropScale(double v) {
    return copy(
        alignment,
        template,
        v,
        maxPixels,
        minImagesPerIdentity,
        matchedPairsPerFold,
        shardsPerSplit,
        seed);
  }

  public PreprocessConfig withMaxPixels(long v) {
    return copy(
        alignment,
        template,
        cropScale,
        v,
        minImagesPerIdentity,
        matchedPairsPerFold,
        shardsPerSplit,
        seed);
  }

  public PreprocessConfig withMinImagesPerIdentity(int v) {
    return copy(
        alignment, template, cropScale, maxPixels, v, matchedPairsPerFold, shardsPerSplit, seed);
  }

  public PreprocessConfig withMatchedPairsPerFold(int v) {
    return copy(
        alignment, template, cropScale, maxPixels, minImagesPerIdentity, v, shardsPerSplit, seed);
  }

  public PreprocessConfig withShardsPerSplit(int v) {
    return copy(
        alignment,
        template,
        cropScale,
        maxPixels,
        minImagesPerIdentity,
        matchedPairsPerFold,
        v,
        seed);
  }

  public PreprocessConfig withSeed(long v) {
    return copy(
        alignment,
        template,
        cropScale,
        maxPixels,
        minImagesPerIdentity,
        matchedPairsPerFold,
        shardsPerSplit,
        v);
  }

  private static PreprocessConfig copy(
      AlignmentMethod a, String t, double c, long p, int m, int pairs, int shards, long s) {
    if (c <= 0 || c > 4) {
      throw new IllegalArgumentException("crop scale must be in (0, 4]: " + c);
    }
    if (p <= 0 || m < 1 || pairs < 1 || shards < 1) {
      throw new IllegalArgumentException(
          "pixel limit, minimum images, pairs and shards must be positive");
    }
    return new PreprocessConfig(a, t, c, p, m, pairs, shards, s);
  }

  public AlignmentMethod alignment() {
    return alignment;
  }

  public String template() {
    return template;
  }

  public double cropScale() {
    return cropScale;
  }

  public long maxPixels() {
    return maxPixels;
  }

  public int minImagesPerIdentity() {
    return minImagesPerIdentity;
  }

  public int matchedPairsPerFold() {
    return matchedPairsPerFold;
  }

  public int shardsPerSplit() {
    return shardsPerSplit;
  }

  public long seed() {
    return seed;
  }

  /** {@link #describe} as display data of the transforms configured by it. */
  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    describe().forEach((k, v) -> builder.add(DisplayData.item(k, v)));
  }

  /** The options as text, in a fixed order, for the manifest. */
  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("alignment", alignment.name().toLowerCase(Locale.ROOT));
    m.put("template", template);
    m.put("cropScale", Double.toString(cropScale));
    m.put("maxPixels", Long.toString(maxPixels));
    m.put("minImagesPerIdentity", Integer.toString(minImagesPerIdentity));
    m.put("matchedPairsPerFold", Integer.toString(matchedPairsPerFold));
    m.put("shardsPerSplit", Integer.toString(shardsPerSplit));
    m.put("seed", Long.toString(seed));
    return m;
  }
}
