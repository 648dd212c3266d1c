package io.lfsbeam.preprocess;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * A set of whole numbers held as disjoint closed ranges, so the keys of a pack read in any order by
 * any number of workers fold into a few ranges (one for an intact index) and the keys that are
 * missing come out as ranges too. Memory grows with the number of gaps, not of keys.
 */
final class KeyRanges implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Range start → range end (inclusive); ranges neither overlap nor touch. */
  private final TreeMap<Long, Long> ranges = new TreeMap<>();

  void add(long key) {
    addRange(key, key);
  }

  void addAll(KeyRanges other) {
    other.ranges.forEach(this::addRange);
  }

  private void addRange(long lo, long hi) {
    Map.Entry<Long, Long> before = ranges.floorEntry(lo);
    if (before != null && before.getValue() >= lo - 1) {
      lo = before.getKey();
      hi = Math.max(hi, before.getValue());
    }
    Map.Entry<Long, Long> next = ranges.ceilingEntry(lo);
    while (next != null && next.getKey() <= hi + 1) {
      hi = Math.max(hi, next.getValue());
      ranges.remove(next.getKey());
      next = ranges.ceilingEntry(lo);
    }
    ranges.put(lo, hi);
  }

  /** How many of the keys in [lo, hi] are in the set. */
  long countIn(long lo, long hi) {
    long n = 0;
    for (Map.Entry<Long, Long> r : ranges.entrySet()) {
      long a = Math.max(lo, r.getKey());
      long b = Math.min(hi, r.getValue());
      if (a <= b) {
        n += b - a + 1;
      }
    }
    return n;
  }

  /** The ranges of [lo, hi] that are not in the set, in order, as {start, end} pairs. */
  List<long[]> missingIn(long lo, long hi) {
    List<long[]> out = new ArrayList<>();
    long next = lo;
    for (Map.Entry<Long, Long> r : ranges.entrySet()) {
      if (r.getValue() < lo) {
        continue;
      }
      if (r.getKey() > hi) {
        break;
      }
      if (r.getKey() > next) {
        out.add(new long[] {next, r.getKey() - 1});
      }
      next = Math.max(next, r.getValue() + 1);
    }
    if (next <= hi) {
      out.add(new long[] {next, hi});
    }
    return out;
  }

  /** Folds keys into ranges, as a Beam combine. */
  static final class Fn extends Combine.CombineFn<Long, KeyRanges, KeyRanges> {
    @Override
    public KeyRanges createAccumulator() {
      return new KeyRanges();
    }

    @Override
    public KeyRanges addInput(KeyRanges acc, Long key) {
      acc.add(key);
      return acc;
    }

    @Override
    public KeyRanges mergeAccumulators(Iterable<KeyRanges> accs) {
      KeyRanges out = new KeyRanges();
      accs.forEach(out::addAll);
      return out;
    }

    @Override
    public KeyRanges extractOutput(KeyRanges acc) {
      return acc;
    }

    @Override
    public Coder<KeyRanges> getAccumulatorCoder(CoderRegistry registry, Coder<Long> inputCoder) {
      return SerializableCoder.of(KeyRanges.class);
    }

    @Override
    public Coder<KeyRanges> getDefaultOutputCoder(CoderRegistry registry, Coder<Long> inputCoder) {
      return SerializableCoder.of(KeyRanges.class);
    }
  }
}
