package io.lfsbeam.evaluate;

import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.VerificationPair;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A named verification set as every evaluation consumes it: aligned face images, the pairs over
 * them (ids, matched flag, fold) and so the folds. The preprocess output's val/test split and an
 * insightface .bin ({@code io.lfsbeam.insightface.BinFaces}) both become one, so the search's
 * reward, its final evaluation and {@code evaluate} score either through the same code.
 *
 * <p>Immutable; faces are sorted by id, pairs keep their order.
 */
public final class VerificationSet {
  private final String name;
  private final List<AlignedFace> faces;
  private final List<VerificationPair> pairs;

  private VerificationSet(String name, List<AlignedFace> faces, List<VerificationPair> pairs) {
    this.name = name;
    List<AlignedFace> sorted = new ArrayList<>(faces);
    sorted.sort(Comparator.comparing(f -> f.getId().toString()));
    this.faces = List.copyOf(sorted);
    this.pairs = List.copyOf(pairs);
  }

  /**
   * @param name recorded as {@code EvalMetrics.evalSet}
   * @param faces at least every face a pair names (more is allowed)
   * @throws IllegalArgumentException when a pair names a face that is not given
   */
  public static VerificationSet of(
      String name, List<AlignedFace> faces, List<VerificationPair> pairs) {
    Set<String> ids = new HashSet<>();
    faces.forEach(f -> ids.add(f.getId().toString()));
    for (VerificationPair p : pairs) {
      for (CharSequence id : List.of(p.getLeftId(), p.getRightId())) {
        if (!ids.contains(id.toString())) {
          throw new IllegalArgumentException(
              name + ": a pair names face " + id + ", which is not among its faces");
        }
      }
    }
    return new VerificationSet(name, faces, pairs);
  }

  public String name() {
    return name;
  }

  /** Faces sorted by id. */
  public List<AlignedFace> faces() {
    return faces;
  }

  /** Pairs in their own order. */
  public List<VerificationPair> pairs() {
    return pairs;
  }

  public boolean isEmpty() {
    return pairs.isEmpty();
  }

  @Override
  public String toString() {
    return name + " (" + faces.size() + " faces, " + pairs.size() + " pairs)";
  }
}
