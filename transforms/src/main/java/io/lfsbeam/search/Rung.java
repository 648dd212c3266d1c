package io.lfsbeam.search;

import java.io.Serializable;

/**
 * One rung of a round under successive halving ({@link SuccessiveHalving}): the candidates that
 * enter it train the round's steps {@code [fromStep, toStep)}, are scored on validation, and the
 * best {@code continuing} of them go on to the next rung. A round without halving is one rung,
 * {@link #whole()}, whose steps are the round's own (the runner's settings decide them).
 *
 * @param index 0-based rung
 * @param count rungs in the round
 * @param fromStep steps of the round already trained when the rung starts (0 for the first)
 * @param toStep steps of the round trained when it ends (the round's steps for the last rung; 0 for
 *     {@link #whole()}: the runner's own round length)
 * @param entering candidates that train in this rung
 * @param continuing candidates kept for the next rung (0 for the last)
 */
public record Rung(int index, int count, long fromStep, long toStep, int entering, int continuing)
    implements Serializable {

  public Rung {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException("rung " + index + " of " + count);
    }
    if (fromStep < 0 || (count > 1 && toStep <= fromStep)) {
      throw new IllegalArgumentException(
          "rung " + index + " trains no step: [" + fromStep + ", " + toStep + ")");
    }
  }

  /** The round without halving: one rung, the runner's whole round. */
  public static Rung whole() {
    return new Rung(0, 1, 0, 0, 0, 0);
  }

  /** True for the one rung of a round without halving. */
  public boolean isWholeRound() {
    return count == 1;
  }

  public boolean isFirst() {
    return index == 0;
  }

  public boolean isLast() {
    return index == count - 1;
  }

  /** Steps this rung trains ({@code toStep − fromStep}); 0 for {@link #whole()}. */
  public long steps() {
    return toStep - fromStep;
  }
}
