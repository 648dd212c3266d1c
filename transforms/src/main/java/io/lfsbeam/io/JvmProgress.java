package io.lfsbeam.io;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Progress counts a driver can read while a pipeline runs in its own JVM.
 *
 * <p>Beam counters are the record of a run, but an embedded Flink MiniCluster reports them only
 * when the job ends (its {@code run()} blocks until then). Steps that a user waits for also count
 * here, per JVM, so the command can log progress while the job runs. On a cluster the workers'
 * counts stay in the workers and the driver sees none: there the Beam counters are the source.
 */
public final class JvmProgress {
  private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

  private JvmProgress() {}

  public static void add(String name, long n) {
    COUNTS.computeIfAbsent(name, k -> new LongAdder()).add(n);
  }

  public static long get(String name) {
    LongAdder a = COUNTS.get(name);
    return a == null ? 0 : a.sum();
  }

  /** Zeroes every count, before a new pipeline starts in this JVM. */
  public static void reset() {
    COUNTS.values().forEach(LongAdder::reset);
  }
}
