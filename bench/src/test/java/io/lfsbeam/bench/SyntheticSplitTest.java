package io.lfsbeam.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.schemas.VerificationPair;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticSplitTest {
  /** 20 held-out people: identity-disjoint folds, two people each. */
  private static final SyntheticSplit.Spec SPEC = new SyntheticSplit.Spec(3, 20, 3, 2, 1.0);

  @Test
  void theSameSeedGivesTheSameFacesAndPairs() {
    SyntheticSplit a = SyntheticSplit.make(SPEC, 5);
    SyntheticSplit b = SyntheticSplit.make(SPEC, 5);
    byte[] pixels = new byte[112 * 112 * 3];
    byte[] other = new byte[pixels.length];
    for (int i = 0; i < a.train().size(); i++) {
      a.train().copyPixels(i, pixels, 0);
      b.train().copyPixels(i, other, 0);
      assertArrayEquals(pixels, other, "training face " + i);
      assertEquals(a.train().label(i), b.train().label(i));
    }
    for (int i = 0; i < a.heldOut().pixels().size(); i++) {
      assertArrayEquals(
          a.heldOut().pixels().get(i), b.heldOut().pixels().get(i), "held-out face " + i);
    }
    assertEquals(a.heldOut().pairs(), b.heldOut().pairs());

    SyntheticSplit c = SyntheticSplit.make(SPEC, 6);
    assertFalse(
        Arrays.equals(a.heldOut().pixels().get(0), c.heldOut().pixels().get(0)),
        "another seed, other faces");
  }

  @Test
  void trainingHoldsTheFirstIdentitiesAndPairsOnlyTheOthers() {
    SyntheticSplit s = SyntheticSplit.make(SPEC, 5);
    assertEquals(9, s.train().size());
    assertEquals(3, s.train().numClasses());
    assertEquals(112, s.train().height());
    assertEquals(60, s.heldOut().pixels().size());
    List<VerificationPair> pairs = s.heldOut().pairs();
    assertEquals(10 * 2 * 2, pairs.size(), "2 matched and 2 mismatched pairs in each of 10 folds");
    Set<Integer> folds = new HashSet<>();
    for (VerificationPair p : pairs) {
      int left = Integer.parseInt(p.getLeftId());
      int right = Integer.parseInt(p.getRightId());
      assertTrue(left >= 0 && left < 60 && right >= 0 && right < 60 && left != right, p.toString());
      // held-out faces are stored identity by identity, 3 images each
      assertEquals(p.getSame(), left / 3 == right / 3, p.toString());
      folds.add(p.getFold());
    }
    assertEquals(10, folds.size());
  }

  @Test
  void tooFewIdentitiesOrImagesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new SyntheticSplit.Spec(1, 20, 3, 2, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new SyntheticSplit.Spec(3, 20, 1, 2, 0.5));
  }
}
