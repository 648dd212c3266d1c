package io.lfsbeam.evaluate;

import io.lfsbeam.metrics.Identification;
import io.lfsbeam.metrics.IdentificationResult;
import io.lfsbeam.schemas.FaceEmbedding;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A closed-set gallery/probe protocol by image number: among the faces of the evaluated split,
 * those whose {@code imageNumber} is listed are enrolment (gallery) images, all others are probes.
 * ORL's published protocol (Idiap {@code bob.db.atnt}) is {@code enrol:2,4,5,7,9}.
 *
 * <p><b>Templates [choice]:</b> one template per identity, the mean of its L2-normalised gallery
 * embeddings (re-normalised by {@link Identification}). Averaging is the usual enrolment rule, and
 * it keeps the rank meaningful as "rank among identities": with all images as separate gallery
 * entries an identity with more enrolment images would get more chances and rank-5 would count
 * images, not people. A probe whose identity has no gallery image is a miss (see {@link
 * Identification}).
 */
public final class GalleryProtocol implements Serializable {
  private final int[] galleryNumbers;

  private GalleryProtocol(int[] galleryNumbers) {
    this.galleryNumbers = galleryNumbers;
  }

  /**
   * Parses {@code enrol:2,4,5,7,9} (also {@code enroll:}); numbers must be positive and distinct.
   */
  public static GalleryProtocol parse(String spec) {
    String s = spec == null ? "" : spec.strip();
    int colon = s.indexOf(':');
    String kind = colon < 0 ? "" : s.substring(0, colon).strip().toLowerCase(Locale.ROOT);
    if (!kind.equals("enrol") && !kind.equals("enroll")) {
      throw new IllegalArgumentException(
          "gallery protocol must look like 'enrol:2,4,5,7,9' (image numbers of the"
              + " enrolment images), got '"
              + spec
              + "'");
    }
    TreeSet<Integer> numbers = new TreeSet<>();
    for (String part : s.substring(colon + 1).split(",")) {
      String p = part.strip();
      int n;
      try {
        n = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "gallery protocol '" + spec + "': '" + p + "' is not an image number");
      }
      if (n < 0 || !numbers.add(n)) {
        throw new IllegalArgumentException(
            "gallery protocol '"
                + spec
                + "': image number "
                + n
                + (n < 0 ? " is negative" : " is listed twice"));
      }
    }
    return new GalleryProtocol(numbers.stream().mapToInt(Integer::intValue).toArray());
  }

  public static GalleryProtocol enrol(int... imageNumbers) {
    return parse(
        "enrol:"
            + String.join(",", Arrays.stream(imageNumbers).mapToObj(Integer::toString).toList()));
  }

  public boolean isGallery(int imageNumber) {
    return Arrays.binarySearch(galleryNumbers, imageNumber) >= 0;
  }

  /**
   * Ranks every probe among the identity templates built from the gallery images of {@code faces}.
   */
  public IdentificationResult identify(List<FaceEmbedding> faces) {
    // id order: template sums (floating point) must not depend on the order a runner delivered
    // faces in
    List<FaceEmbedding> sorted = new ArrayList<>(faces);
    sorted.sort((a, b) -> a.getId().toString().compareTo(b.getId().toString()));
    Map<String, double[]> sums = new TreeMap<>();
    List<FaceEmbedding> probes = new ArrayList<>();
    for (FaceEmbedding f : sorted) {
      if (!isGallery(f.getImageNumber())) {
        probes.add(f);
        continue;
      }
      List<Float> v = f.getVector();
      double[] sum = sums.computeIfAbsent(f.getIdentity().toString(), k -> new double[v.size()]);
      if (sum.length != v.size()) {
        throw new IllegalArgumentException(
            "embeddings of different sizes: " + sum.length + " and " + v.size());
      }
      double norm = 0;
      for (Float x : v) {
        norm += (double) x * x;
      }
      norm = Math.sqrt(norm);
      for (int d = 0; d < sum.length; d++) {
        sum[d] += norm > 0 ? v.get(d) / norm : 0;
      }
    }
    if (sums.isEmpty()) {
      throw new IllegalArgumentException(
          "gallery protocol "
              + this
              + " selects no face among "
              + faces.size()
              + " (no face has one of these image numbers)");
    }
    if (probes.isEmpty()) {
      throw new IllegalArgumentException(
          "gallery protocol " + this + " leaves no probe among " + faces.size() + " faces");
    }
    Map<String, Integer> ids = new TreeMap<>();
    double[][] gallery = new double[sums.size()][];
    int[] galleryIds = new int[sums.size()];
    int i = 0;
    for (Map.Entry<String, double[]> e : sums.entrySet()) {
      ids.put(e.getKey(), i);
      gallery[i] = e.getValue(); // the mean up to a positive factor, which normalisation removes
      galleryIds[i] = i;
      i++;
    }
    double[][] probeVectors = new double[probes.size()][];
    int[] probeIds = new int[probes.size()];
    for (int p = 0; p < probes.size(); p++) {
      FaceEmbedding f = probes.get(p);
      probeVectors[p] = f.getVector().stream().mapToDouble(Float::doubleValue).toArray();
      probeIds[p] =
          ids.getOrDefault(f.getIdentity().toString(), -1 - p); // −1−p: never a gallery id
    }
    return Identification.evaluate(gallery, galleryIds, probeVectors, probeIds);
  }

  @Override
  public String toString() {
    return "enrol:"
        + String.join(",", Arrays.stream(galleryNumbers).mapToObj(Integer::toString).toList());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GalleryProtocol g && Arrays.equals(galleryNumbers, g.galleryNumbers);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(galleryNumbers);
  }
}
