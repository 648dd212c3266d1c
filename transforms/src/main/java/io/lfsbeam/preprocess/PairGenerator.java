package io.lfsbeam.preprocess;

import io.lfsbeam.schemas.VerificationPair;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Builds LFW-protocol verification pairs: 10 folds, each with the same number of matched and of
 * mismatched pairs, deterministic from the seed.
 *
 * <p>With at least 2 identities per fold, folds are identity-disjoint, as in LFW's View 2:
 * identities are dealt to folds in seeded-hash order, and each fold's pairs use only its own
 * identities, so a threshold picked on 9 folds is tested on people it has never seen. With fewer
 * identities (tiny sets), pairs are drawn over all identities and dealt to folds in turn. Every
 * fold gets the same count (LFW's pairs.txt format requires it): the smallest any fold can supply,
 * capped at {@code matchedPerFold}. Pairs never repeat, and a face is never paired with itself.
 */
public final class PairGenerator implements Serializable {
  public static final int FOLDS = 10;

  private final int matchedPerFold;
  private final long seed;

  /** A face as pairs need it. */
  public record FaceRef(String id, String identity, int imageNumber) implements Serializable {}

  public PairGenerator(int matchedPerFold, long seed) {
    if (matchedPerFold <= 0) {
      throw new IllegalArgumentException(
          "matched pairs per fold must be positive: " + matchedPerFold);
    }
    this.matchedPerFold = matchedPerFold;
    this.seed = seed;
  }

  /** Pairs in fold order; within a fold, matched pairs first, then mismatched (as in pairs.txt). */
  public List<VerificationPair> generate(List<FaceRef> faces) {
    Map<String, List<FaceRef>> byIdentity = new TreeMap<>();
    for (FaceRef f : faces) {
      byIdentity.computeIfAbsent(f.identity(), k -> new ArrayList<>()).add(f);
    }
    byIdentity
        .values()
        .forEach(
            l -> l.sort(Comparator.comparingInt(FaceRef::imageNumber).thenComparing(FaceRef::id)));
    List<String> identities = new ArrayList<>(byIdentity.keySet());
    identities.sort(
        Comparator.comparingLong((String id) -> StableHash.of(seed, id)).thenComparing(id -> id));

    boolean disjoint = identities.size() >= 2 * FOLDS;
    List<List<FaceRef[]>> matched = new ArrayList<>();
    List<List<FaceRef[]>> mismatched = new ArrayList<>();
    if (disjoint) {
      for (int fold = 0; fold < FOLDS; fold++) {
        Map<String, List<FaceRef>> mine = new TreeMap<>();
        for (int i = fold; i < identities.size(); i += FOLDS) {
          mine.put(identities.get(i), byIdentity.get(identities.get(i)));
        }
        SplittableRandom rng = new SplittableRandom(StableHash.splitMix64(seed * 31 + fold));
        matched.add(draw(mine, true, matchedPerFold, rng));
        mismatched.add(draw(mine, false, matchedPerFold, rng));
      }
    } else {
      SplittableRandom rng = new SplittableRandom(StableHash.splitMix64(seed));
      List<FaceRef[]> allMatched = draw(byIdentity, true, matchedPerFold * FOLDS, rng);
      List<FaceRef[]> allMismatched = draw(byIdentity, false, matchedPerFold * FOLDS, rng);
      for (int fold = 0; fold < FOLDS; fold++) {
        matched.add(every(allMatched, fold));
        mismatched.add(every(allMismatched, fold));
      }
    }
    int perFold = matchedPerFold;
    for (int fold = 0; fold < FOLDS; fold++) {
      perFold = Math.min(perFold, Math.min(matched.get(fold).size(), mismatched.get(fold).size()));
    }
    List<VerificationPair> out = new ArrayList<>();
    for (int fold = 0; fold < FOLDS; fold++) {
      for (FaceRef[] p : matched.get(fold).subList(0, perFold)) {
        out.add(pair(p, true, fold));
      }
      for (FaceRef[] p : mismatched.get(fold).subList(0, perFold)) {
        out.add(pair(p, false, fold));
      }
    }
    return out;
  }

  private static List<FaceRef[]> every(List<FaceRef[]> all, int fold) {
    List<FaceRef[]> out = new ArrayList<>();
    for (int i = fold; i < all.size(); i += FOLDS) {
      out.add(all.get(i));
    }
    return out;
  }

  /**
   * Draws up to {@code want} distinct pairs at random; enumerates when the pool is small so none is
   * missed.
   */
  private static List<FaceRef[]> draw(
      Map<String, List<FaceRef>> byIdentity, boolean same, int want, SplittableRandom rng) {
    List<String> ids = new ArrayList<>(byIdentity.keySet());
    List<FaceRef[]> pool = new ArrayList<>();
    long possible = 0;
    if (same) {
      for (List<FaceRef> l : byIdentity.values()) {
        possible += (long) l.size() * (l.size() - 1) / 2;
      }
    } else {
      long total = byIdentity.values().stream().mapToLong(List::size).sum();
      long sq = 0;
      for (List<FaceRef> l : byIdentity.values()) {
        sq += (long) l.size() * l.size();
      }
      possible = (total * total - sq) / 2;
    }
    if (possible <= 4L * want) {
      for (int a = 0; a < ids.size(); a++) {
        List<FaceRef> la = byIdentity.get(ids.get(a));
        if (same) {
          for (int i = 0; i < la.size(); i++) {
            for (int j = i + 1; j < la.size(); j++) {
              pool.add(new FaceRef[] {la.get(i), la.get(j)});
            }
          }
        } else {
          for (int b = a + 1; b < ids.size(); b++) {
            for (FaceRef x : la) {
              for (FaceRef y : byIdentity.get(ids.get(b))) {
                pool.add(new FaceRef[] {x, y});
              }
            }
          }
        }
      }
      for (int i = pool.size() - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        FaceRef[] t = pool.get(i);
        pool.set(i, pool.get(j));
        pool.set(j, t);
      }
      return pool.size() > want ? new ArrayList<>(pool.subList(0, want)) : pool;
    }
    List<String> multi = new ArrayList<>();
    for (String id : ids) {
      if (byIdentity.get(id).size() >= 2) {
        multi.add(id);
      }
    }
    Set<String> seen = new HashSet<>();
    int attempts = 0;
    while (pool.size() < want && attempts++ < want * 50) {
      FaceRef x;
      FaceRef y;
      if (same) {
        List<FaceRef> l = byIdentity.get(multi.get(rng.nextInt(multi.size())));
        int i = rng.nextInt(l.size());
        int j = rng.nextInt(l.size() - 1);
        if (j >= i) {
          j++;
        }
        x = l.get(Math.min(i, j));
        y = l.get(Math.max(i, j));
      } else {
        int a = rng.nextInt(ids.size());
        int b = rng.nextInt(ids.size() - 1);
        if (b >= a) {
          b++;
        }
        List<FaceRef> la = byIdentity.get(ids.get(Math.min(a, b)));
        List<FaceRef> lb = byIdentity.get(ids.get(Math.max(a, b)));
        x = la.get(rng.nextInt(la.size()));
        y = lb.get(rng.nextInt(lb.size()));
      }
      if (seen.add(x.id() + "|" + y.id())) {
        pool.add(new FaceRef[] {x, y});
      }
    }
    return pool;
  }

  private static VerificationPair pair(FaceRef[] p, boolean same, int fold) {
    return VerificationPair.newBuilder()
        .setLeftId(p[0].id())
        .setRightId(p[1].id())
        .setSame(same)
        .setFold(fold)
        .setGroup(null)
        .build();
  }
}
