package io.lfsbeam.report;

import io.lfsbeam.schemas.TrainResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where a round's wall time went. Candidates of a round may run one after another or side by side,
 * so neither "round − slowest candidate" nor "round − sum of candidates" is an overhead on its own;
 * the union of the candidates' training intervals is, whatever the parallelism:
 *
 * <ul>
 *   <li>{@code trainingSeconds}: Σ candidate wall times (the compute bought; failed ones count);
 *   <li>{@code busySeconds}: length of the union of the [start, end] training intervals, i.e. the
 *       time during which at least one candidate was training;
 *   <li>{@code roundWallSeconds}: the round's entry in timings.tsv, or else the span from the first
 *       candidate start to the last candidate end;
 *   <li>{@code nonTrainingSeconds} = round wall − busy: time with no candidate training (sampling,
 *       launching workers, loading data, evaluating candidates, the policy update, I/O);
 *   <li>{@code parallelism} = training / busy: candidates training at once, on average.
 * </ul>
 */
public record RoundTiming(
    double trainingSeconds,
    double slowestSeconds,
    double busySeconds,
    Double roundWallSeconds,
    boolean wallFromTimings) {

  /**
   * @param roundWallFromTimings the round's seconds from timings.tsv, null when it has none
   */
  public static RoundTiming of(List<TrainResult> results, Double roundWallFromTimings) {
    double sum = 0;
    double slowest = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    List<long[]> intervals = new ArrayList<>();
    for (TrainResult r : results) {
      double wall = r.getWallMillis() / 1000.0;
      sum += wall;
      slowest = Math.max(slowest, wall);
      if (r.getEndMillis() >= r.getStartMillis() && r.getStartMillis() > 0) {
        intervals.add(new long[] {r.getStartMillis(), r.getEndMillis()});
        first = Math.min(first, r.getStartMillis());
        last = Math.max(last, r.getEndMillis());
      }
    }
    double busy = unionMillis(intervals) / 1000.0;
    Double wall = roundWallFromTimings;
    if (wall == null && !intervals.isEmpty()) {
      wall = (last - first) / 1000.0;
    }
    return new RoundTiming(sum, slowest, busy, wall, roundWallFromTimings != null);
  }

  /**
   * Round wall − busy, null without a round wall. Negative only if timings.tsv undercounts the
   * round.
   */
  public Double nonTrainingSeconds() {
    return roundWallSeconds == null ? null : roundWallSeconds - busySeconds;
  }

  /** Average number of candidates training at once; null when nothing trained. */
  public Double parallelism() {
    return busySeconds > 0 ? trainingSeconds / busySeconds : null;
  }

  /** Total length of the union of half-open [start, end) intervals, in milliseconds. */
  static long unionMillis(List<long[]> intervals) {
    List<long[]> sorted = new ArrayList<>(intervals);
    sorted.sort(Comparator.comparingLong(iv -> iv[0]));
    long total = 0;
    long curStart = 0;
    long curEnd = Long.MIN_VALUE;
    for (long[] iv : sorted) {
      if (iv[0] > curEnd) {
        if (curEnd != Long.MIN_VALUE) {
          total += curEnd - curStart;
        }
        curStart = iv[0];
        curEnd = iv[1];
      } else {
        curEnd = Math.max(curEnd, iv[1]);
      }
    }
    if (curEnd != Long.MIN_VALUE) {
      total += curEnd - curStart;
    }
    return total;
  }
}
