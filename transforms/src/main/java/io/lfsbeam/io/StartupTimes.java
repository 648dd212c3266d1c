package io.lfsbeam.io;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where a command's start-up goes, in this JVM: the command line marks its milestones (options
 * parsed, pipeline built, job submitted) and the first record of the work marks its own; {@link
 * #first} returns one line with each milestone's wall seconds since the JVM started and the
 * process's CPU seconds by then, once per name. Wall time from the JVM's start, not the shell's, so
 * it misses only the JVM's own boot (~0.1 s); on a shared machine the CPU seconds are the steadier
 * figure. Workers on a cluster have no marks and log nothing.
 */
public final class StartupTimes {
  private static final Map<String, String> MARKS = new ConcurrentHashMap<>();
  private static final Map<Double, String> ORDER = new ConcurrentSkipListMap<>();
  private static final Map<String, AtomicBoolean> FIRSTS = new ConcurrentHashMap<>();

  private StartupTimes() {}

  /** Records that {@code milestone} was reached now. */
  public static void mark(String milestone) {
    double at = sinceJvmStart();
    String t = String.format(Locale.ROOT, "%s %.2f s (CPU %.2f s)", milestone, at, cpuSeconds());
    if (MARKS.putIfAbsent(milestone, t) == null) {
      ORDER.put(at, t);
    }
  }

  /**
   * The first call for {@code milestone} in a JVM whose command line marked its start: the line to
   * log, with every earlier milestone; null otherwise (later calls, or a worker JVM).
   */
  public static String first(String milestone) {
    if (MARKS.isEmpty()
        || !FIRSTS
            .computeIfAbsent(milestone, k -> new AtomicBoolean())
            .compareAndSet(false, true)) {
      return null;
    }
    mark(milestone);
    return "start-up (wall s since the JVM started): " + String.join(", ", ORDER.values());
  }

  /** Wall seconds since this JVM started. */
  public static double sinceJvmStart() {
    return (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime())
        / 1000.0;
  }

  /** CPU seconds this process has used, every thread, or NaN where the JVM cannot tell. */
  public static double cpuSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      long ns = os.getProcessCpuTime();
      return ns < 0 ? Double.NaN : ns / 1e9;
    }
    return Double.NaN;
  }
}
