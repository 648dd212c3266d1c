package io.lfsbeam.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The slot accounting and ordering of compare's runs, with runs that only sleep. */
class CompareSchedulerTest {
  /** A run that records when it ran and how many slots were busy with it. */
  static final class FakeRun implements CompareScheduler.Run {
    final String name;
    final int slots;
    final Set<Integer> after;
    final long millis;
    final Shared shared;
    volatile boolean fail;
    long weight = -1;

    FakeRun(String name, int slots, Set<Integer> after, long millis, Shared shared) {
      this.name = name;
      this.slots = slots;
      this.after = after;
      this.millis = millis;
      this.shared = shared;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int slots() {
      return slots;
    }

    @Override
    public long weight() {
      return weight >= 0 ? weight : slots;
    }

    FakeRun weighing(long w) {
      weight = w;
      return this;
    }

    @Override
    public Set<Integer> after() {
      return after;
    }

    @Override
    public boolean execute() throws Exception {
      int busy = shared.busy.addAndGet(Math.min(slots, shared.budget));
      shared.maxBusy.accumulateAndGet(busy, Math::max);
      shared.maxRunning.accumulateAndGet(shared.running.incrementAndGet(), Math::max);
      shared.started.add(name);
      try {
        Thread.sleep(millis);
        if (fail) {
          throw new IllegalStateException(name + " broke");
        }
        return true;
      } finally {
        shared.finished.add(name);
        shared.running.decrementAndGet();
        shared.busy.addAndGet(-Math.min(slots, shared.budget));
      }
    }
  }

  static final class Shared {
    final int budget;
    final AtomicInteger busy = new AtomicInteger();
    final AtomicInteger maxBusy = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    final List<String> started = Collections.synchronizedList(new ArrayList<>());
    final List<String> finished = Collections.synchronizedList(new ArrayList<>());

    Shared(int budget) {
      this.budget = budget;
    }
  }

  /**
   * Four fixed runs (1 slot), two searches (3 slots, clamped to the budget of 2) and a control that
   * waits for every fixed run: never more than two slots busy, the control starts after the last
   * fixed run finished, and one-slot runs do share the budget.
   */
  @Test
  void staysWithinTheSlotsAndWaitsForDependencies() throws Exception {
    Shared s = new Shared(2);
    List<FakeRun> plan = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      plan.add(new FakeRun("fixed" + i, 1, Set.of(), 60, s));
    }
    plan.add(new FakeRun("search0", 3, Set.of(), 40, s));
    plan.add(new FakeRun("search1", 3, Set.of(), 40, s));
    plan.add(new FakeRun("control", 3, Set.of(0, 1, 2, 3), 20, s));
    new CompareScheduler(2, 2).runAll(plan);
    assertEquals(7, s.finished.size());
    assertEquals(2, s.maxBusy.get(), "never over the budget, and two one-slot runs at once");
    int control = s.started.indexOf("control");
    for (int i = 0; i < 4; i++) {
      assertTrue(s.finished.indexOf("fixed" + i) < s.finished.indexOf("control"));
    }
    assertTrue(control > s.started.indexOf("fixed3"));
    assertEquals(
        Set.of("fixed0", "fixed1"), Set.copyOf(s.started.subList(0, 2)), "plan order, two at once");
  }

  @Test
  void oneRunAtATimeWhenAsked() throws Exception {
    Shared s = new Shared(4);
    List<FakeRun> plan = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      plan.add(new FakeRun("fixed" + i, 1, Set.of(), 10, s));
    }
    new CompareScheduler(4, 1).runAll(plan);
    assertEquals(1, s.maxRunning.get());
    assertEquals(List.of("fixed0", "fixed1", "fixed2", "fixed3"), s.finished);
  }

  /** A ready run waiting for slots keeps its place: the one-slot run behind it does not jump it. */
  @Test
  void aReadyRunIsNotJumped() throws Exception {
    Shared s = new Shared(2);
    List<FakeRun> plan =
        List.of(
            new FakeRun("fixed0", 1, Set.of(), 80, s),
            new FakeRun("search", 2, Set.of(), 10, s),
            new FakeRun("fixed1", 1, Set.of(), 10, s));
    new CompareScheduler(2, 2).runAll(plan);
    assertEquals(List.of("fixed0", "search", "fixed1"), s.started);
  }

  /** After a failure nothing new starts; running runs finish; the failure comes out. */
  @Test
  void aFailureStopsThePlan() throws Exception {
    Shared s = new Shared(2);
    List<FakeRun> plan = new ArrayList<>();
    plan.add(new FakeRun("fails", 1, Set.of(), 20, s));
    plan.add(new FakeRun("slow", 1, Set.of(), 150, s));
    for (int i = 0; i < 3; i++) {
      plan.add(new FakeRun("later" + i, 1, Set.of(), 10, s));
    }
    plan.get(0).fail = true;
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> new CompareScheduler(2, 2).runAll(plan));
    assertEquals("fails broke", e.getMessage());
    assertTrue(s.finished.contains("slow"), "the running run was left to finish");
    assertFalse(s.started.contains("later1"), s.started.toString());
  }

  @Test
  void rejectsAPlanThatWaitsForALaterRun() {
    Shared s = new Shared(1);
    List<FakeRun> plan =
        List.of(new FakeRun("a", 1, Set.of(1), 1, s), new FakeRun("b", 1, Set.of(), 1, s));
    assertThrows(IllegalArgumentException.class, () -> new CompareScheduler(1, 1).runAll(plan));
  }

  /**
   * The ETA: a run takes what the trained runs of its weight took (a fixed loss 30 s), else the
   * seconds per unit of weight times its weight; slot-seconds spread over the slots. By hand: two
   * fixed runs of weight 2 took 20 and 40 s (30 s each, 15 s per unit); left are one fixed run (1
   * slot) and one search of weight 8 (2 slots, 8 × 15 = 120 s): (30 + 2 × 120)/2 = 135 s.
   */
  @Test
  void etaFromThePaceOfEachKind() {
    Shared s = new Shared(2);
    CompareScheduler.Pace pace = new CompareScheduler.Pace();
    FakeRun fixed = new FakeRun("fixed", 1, Set.of(), 0, s);
    FakeRun fixedWeight2 = new FakeRun("fixed", 1, Set.of(), 0, s).weighing(2);
    FakeRun search = new FakeRun("search", 2, Set.of(), 0, s).weighing(8);
    assertEquals("", pace.eta(List.of(fixed), 2), "nothing trained yet (all reused)");
    pace.add(fixedWeight2, 20);
    pace.add(fixedWeight2, 40);
    assertEquals(", ETA ~135 s", pace.eta(List.of(fixedWeight2, search), 2));
    assertEquals("", pace.eta(List.of(), 2));
  }
}
