package io.lfsbeam.pipelines;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
    long totalWeight = plan.stream().mapToLong(Run::weight).sum();
    long doneWeight = 0;
    long trainedWeight = 0;
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
        doneWeight += plan.get(i).weight();
        trainedWeight += o.trained() ? plan.get(i).weight() : 0;
        double elapsed = (clock.getAsLong() - start) / 1e9;
        LOG.info(
            String.format(
                Locale.ROOT,
                "compare: %d/%d runs done (%s %s in %.0f s), %d running, %.0f s elapsed%s",
                finished,
                n,
                plan.get(i).name(),
                o.trained() ? "trained" : "reused",
                (clock.getAsLong() - startedAt[i]) / 1e9,
                running.size(),
                elapsed,
                failure == null ? eta(elapsed, trainedWeight, totalWeight - doneWeight) : ""));
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

  /** ", ETA ~N s" from the trained work's pace, empty before any run trained or when all done. */
  static String eta(double elapsedSeconds, long trainedWeight, long remainingWeight) {
    if (trainedWeight <= 0 || remainingWeight <= 0) {
      return "";
    }
    return String.format(
        Locale.ROOT, ", ETA ~%.0f s", elapsedSeconds / trainedWeight * remainingWeight);
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
