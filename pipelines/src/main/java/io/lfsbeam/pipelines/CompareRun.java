package io.lfsbeam.pipelines;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.util.construction.PipelineOptionsTranslation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One (method, seed) run of compare: its own options (a copy of compare's, re-pointed at the run's
 * folder, seed, mode and loss — Beam's PipelineOptions have no copy, so compare's options are
 * serialised once and each run parses its own), its slots and what it waits for.
 *
 * <p>Seed i of every method gets the same seed, hence the same initial weights and data order,
 * whatever order the runs start and finish in: each run writes only its own folder.
 */
final class CompareRun implements CompareScheduler.Run {
  private static final Logger LOG = LoggerFactory.getLogger(CompareRun.class);

  private final CompareMethod listed;
  private final long seed;
  private final Set<Integer> after;
  private final int slots;
  private final long weight;
  private final String template;
  private final String output;
  private final int threads;
  private final List<CompareRun> plan;
  private final Set<String> listedNames;
  private volatile CompareMethod method;
  private volatile String dir;

  /**
   * @param after plan indices that finish first (every fixed run, for population:best)
   * @param template compare's options as JSON ({@link PipelineOptionsTranslation#toJson})
   * @param threads TensorFlow threads per candidate ({@link CompareSlots})
   * @param plan the whole plan, to read the fixed runs' folders from
   * @param listedNames the methods named in --methods (population:best resolving to one of them is
   *     not run twice)
   */
  CompareRun(
      CompareMethod listed,
      long seed,
      Set<Integer> after,
      int slots,
      long weight,
      String template,
      String output,
      int threads,
      List<CompareRun> plan,
      Set<String> listedNames) {
    this.listed = listed;
    this.seed = seed;
    this.after = after;
    this.slots = slots;
    this.weight = weight;
    this.template = template;
    this.output = output;
    this.threads = threads;
    this.plan = plan;
    this.listedNames = listedNames;
    this.method = listed.unresolved() ? null : listed;
  }

  @Override
  public String name() {
    CompareMethod m = method;
    return (m != null ? m : listed).name() + " seed " + seed;
  }

  @Override
  public int slots() {
    return slots;
  }

  @Override
  public long weight() {
    return weight;
  }

  @Override
  public Set<Integer> after() {
    return after;
  }

  /** The method run (population:best resolved), null before it is known. */
  CompareMethod method() {
    return method;
  }

  /** The run's folder once it ran or was reused; null when skipped or not run. */
  String dir() {
    return dir;
  }

  long seed() {
    return seed;
  }

  @Override
  public boolean execute() throws Exception {
    CompareMethod m = listed;
    if (listed.unresolved()) {
      List<CompareRun> fixed = new ArrayList<>();
      after.stream().sorted().forEach(i -> fixed.add(plan.get(i)));
      m = ComparePipeline.bestFixedPopulation(fixed);
      method = m;
      LOG.info(
          "compare: population:best seed {} is {} (best fixed loss by validation)", seed, m.name());
      if (listedNames.contains(m.name())) {
        LOG.info("compare: {} is already in the comparison", m.name());
        return false;
      }
    }
    String runDir = output + "/" + ComparePipeline.folder(m) + "/seed-" + seed;
    SearchOptions s = options(m, runDir);
    if (SearchPipeline.finished(s)) {
      LOG.info("compare: {} seed {} finished earlier in {}: reused", m.name(), seed, runDir);
      dir = runDir;
      return false;
    }
    SearchPipeline.run(s);
    dir = runDir;
    return true;
  }

  /** This run's own options: compare's, re-pointed. */
  SearchOptions options(CompareMethod m, String runDir) {
    SearchOptions s = PipelineOptionsTranslation.fromJson(template).as(SearchOptions.class);
    s.setOutput(runDir);
    s.setSeed(seed);
    s.setSearchId(ComparePipeline.folder(m) + "-seed-" + seed);
    s.setJobName(
        ("lfs-compare-" + s.getSearchId()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-"));
    s.setMode(m.mode());
    if (m.loss() != null) {
      s.setLoss(m.loss());
    }
    s.setThreads(threads);
    // the run's share of the slots: its Flink job asks for no more, so concurrent jobs on a
    // cluster never wait for each other's slots
    s.as(FlinkPipelineOptions.class).setParallelism(Math.max(1, slots));
    s.as(DirectOptions.class).setTargetParallelism(Math.max(1, slots));
    return s;
  }
}
