package io.lfsbeam.pipelines;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs compare's (method, seed) runs side by side within a slot budget.
 *
 * <p>Each run asks for slots (a fixed loss trains one candidate at a time: one slot; a search or a
 * population control M candidates: min(M, budget)) and may wait for other runs ({@code
 * population:best} for every fixed loss, whose validation accuracies pick its loss). Runs start in
 * plan order: the first run that is ready (its predecessors done) starts as soon as the slots it
 * asks for are free; a ready run that does not fit holds back the ones after it, so a search is not
 * starved by a stream of one-slot runs; a run still waiting for predecessors is passed over.
 *
 * <p>Each run writes only its own folder, so the order runs finish in changes no output. After a
 * failure no further run starts; the ones running finish, then the first failure is thrown.
 */
final class CompareScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(CompareScheduler.class);

  /** One run of the plan. */
  interface Run {
    /** "cosface seed 3". */
    String name();

    /** Slots it occupies while it runs (clamped to the budget). */
    int slots();

    /** Relative cost for the ETA: the candidates it trains (rounds × per round). */
    long weight();

    /** Plan indices of the runs that must finish first. */
    Set<Integer> after();

    /**
     * Runs it; returns whether it trained (false: reused from an earlier compare, or skipped), so
     * the ETA counts only trained work.
     */
    boolean execute() throws Exception;
  }

  private final int slots;
  private final int maxRuns;
  private final LongSupplier clock;

  /**
   * @param slots the budget, at least 1
   * @param maxRuns at most this many runs at once (≥ 1)
   */
  CompareScheduler(int slots, int maxRuns, LongSupplier nanoClock) {
    if (slots < 1 || maxRuns < 1) {
      throw new IllegalArgumentException(
          "need at least one slot and one run: " + slots + ", " + maxRuns);
    }
    this.slots = slots;
    this.maxRuns = maxRuns;
    this.clock = nanoClock;
  }

  CompareScheduler(int slots, int maxRuns) {
    this(slots, maxRuns, System::nanoTime);
  }

  /** How one run ended. */
  private record Outcome(int index, boolean trained, Throwable failure) {}

  /** Runs every run of {@code plan}; returns once all finished. */
  void runAll(List<? extends Run> plan) throws Exception {
    for (int i = 0; i < plan.size(); i++) {
      for (int p : plan.get(i).after()) {
        if (p < 0 || p >= i) {
          throw new IllegalArgumentException(
              "run " + i + " (" + plan.get(i).name() + ") waits for " + p + ", not an earlier run");
        }
      }
    }
    int n = plan.size();
    boolean[] started = new boolean[n];
    boolean[] done = new boolean[n];
    long[] startedAt = new long[n];
    Pace pace = new Pace();
    int finished = 0;
    int free = slots;
    Set<Integer> running = new LinkedHashSet<>();
    long start = clock.getAsLong();
    Exception failure = null;
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(maxRuns, Math.max(1, n)),
            r -> {
              Thread t = new Thread(r, "lfs-compare-run");
              t.setDaemon(true);
              return t;
            });
    ExecutorCompletionService<Outcome> completions = new ExecutorCompletionService<>(pool);
    try {
      while (finished < n) {
        if (failure == null) {
          for (int i = 0; i < n && running.size() < maxRuns; i++) {
            if (started[i] || !plan.get(i).after().stream().allMatch(p -> done[p])) {
              continue;
            }
            int need = slotsOf(plan.get(i));
            if (need > free) {
              break; // keep its place: later runs do not jump a ready one that waits for slots
            }
            started[i] = true;
            startedAt[i] = clock.getAsLong();
            free -= need;
            running.add(i);
            LOG.info(
                "compare: start {} ({} slot{}; running: {}; {} of {} slots in use)",
                plan.get(i).name(),
                need,
                need == 1 ? "" : "s",
                names(plan, running),
                slots - free,
                slots);
            Run run = plan.get(i);
            int index = i;
            completions.submit(
                () -> {
                  try {
                    return new Outcome(index, run.execute(), null);
                  } catch (Throwable t) {
                    return new Outcome(index, false, t);
                  }
                });
          }
        }
        if (running.isEmpty()) {
          break; // a failure stopped the plan and nothing is left running
        }
        Outcome o = completions.take().get();
        int i = o.index();
        running.remove(i);
        free += slotsOf(plan.get(i));
        finished++;
        if (o.failure() != null) {
          LOG.error("compare: {} failed: {}", plan.get(i).name(), o.failure().toString());
          if (failure == null) {
            failure = asException(o.failure());
          }
          continue;
        }
        done[i] = true;
        double seconds = (clock.getAsLong() - startedAt[i]) / 1e9;
        if (o.trained()) {
          pace.add(plan.get(i), seconds);
        }
        double elapsed = (clock.getAsLong() - start) / 1e9;
        List<Run> left = new ArrayList<>();
        for (int k = 0; k < n; k++) {
          if (!done[k]) {
            left.add(plan.get(k));
          }
        }
        LOG.info(
            String.format(
                Locale.ROOT,
                "compare: %d/%d runs done (%s %s in %.0f s), %d running, %.0f s elapsed%s",
                finished,
                n,
                plan.get(i).name(),
                o.trained() ? "trained" : "reused",
                seconds,
                running.size(),
                elapsed,
                failure == null ? pace.eta(left, slots) : ""));
      }
    } finally {
      pool.shutdownNow();
    }
    if (failure != null) {
      throw failure;
    }
  }

  private int slotsOf(Run r) {
    return Math.min(slots, Math.max(1, r.slots()));
  }

  /**
   * The ETA from the runs trained so far: a run is expected to take as long as the trained runs of
   * its weight took on average (a fixed loss like the fixed losses, a search like the searches —
   * start-up dominates small runs, so time does not scale with the candidates alone), or, before
   * one of its kind finished, the average seconds per unit of weight times its weight; the
   * remaining runs' slot-seconds are spread over the slots. Runs under way count in full: a rough
   * figure, which is what an ETA is.
   */
  static final class Pace {
    private final Map<Long, double[]> byWeight = new HashMap<>();
    private double seconds;
    private long weight;

    void add(Run r, double runSeconds) {
      double[] sum = byWeight.computeIfAbsent(r.weight(), k -> new double[2]);
      sum[0] += runSeconds;
      sum[1]++;
      seconds += runSeconds;
      weight += r.weight();
    }

    /** ", ETA ~N s", or empty before any run trained or when none is left. */
    String eta(List<? extends Run> left, int slots) {
      if (weight == 0 || left.isEmpty()) {
        return "";
      }
      double slotSeconds = 0;
      for (Run r : left) {
        double[] same = byWeight.get(r.weight());
        double expected = same != null ? same[0] / same[1] : seconds / weight * r.weight();
        slotSeconds += expected * Math.min(slots, Math.max(1, r.slots()));
      }
      return String.format(Locale.ROOT, ", ETA ~%.0f s", slotSeconds / slots);
    }
  }

  private static String names(List<? extends Run> plan, Set<Integer> running) {
    List<String> out = new ArrayList<>();
    running.forEach(i -> out.add(plan.get(i).name()));
    return String.join(", ", out);
  }

  private static Exception asException(Throwable t) {
    return t instanceof Exception e ? e : new RuntimeException(t);
  }
}
