package io.lfsbeam.report;

import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.MarginRange;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import io.lfsbeam.search.SearchLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A {@link SearchRun} digested for reporting and comparison: per-round summaries and run totals.
 */
public record SearchSummary(SearchRun run, List<RoundSummary> rounds) {

  public SearchSummary {
    rounds = List.copyOf(rounds);
  }

  public static SearchSummary of(SearchRun run) {
    List<RoundSummary> rounds = new ArrayList<>();
    for (RoundRecords r : run.rounds()) {
      rounds.add(RoundSummary.of(r, roundSeconds(run.timings(), r.round())));
    }
    return new SearchSummary(run, rounds);
  }

  /** The round's seconds in timings.tsv ({@code round-0003}, {@code round-3}), null when absent. */
  static Double roundSeconds(Map<String, Double> timings, int round) {
    for (Map.Entry<String, Double> e : timings.entrySet()) {
      if (SearchLayout.roundOfName(e.getKey()).equals(OptionalInt.of(round))) {
        return e.getValue();
      }
    }
    return null;
  }

  /** Total training compute: Σ of every candidate's training wall time, failed ones included. */
  public double trainingSeconds() {
    return rounds.stream().mapToDouble(r -> r.timing().trainingSeconds()).sum();
  }

  public long trainingSteps() {
    return allResults().stream().mapToLong(TrainResult::getSteps).sum();
  }

  /**
   * Training images seen over every candidate: each result's recorded {@code imagesSeen} (with
   * successive halving, every rung it trained), else, for records written before the count, its
   * steps × the run's batch size (every step is one batch of that size, so the two agree); null
   * when neither is known.
   */
  public Long trainingImages() {
    Long batch = batchSize();
    long total = 0;
    for (TrainResult r : allResults()) {
      Long seen = imagesSeen(r);
      if (seen != null) {
        total += seen;
      } else if (batch != null) {
        total += r.getSteps() * batch;
      } else {
        return null;
      }
    }
    return total;
  }

  /** A result's recorded images seen (null in records written before the count). */
  static Long imagesSeen(TrainResult r) {
    return r.getImagesSeen();
  }

  private Long batchSize() {
    try {
      String b = run.config("batchSize", null);
      return b == null ? null : Long.parseLong(b);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The CosFace-equivalent margins of every modulating factor the candidates trained with (failed
   * candidates included: they were drawn from the same policy), empty for a run that samples none.
   */
  public Optional<MarginRange> sampledMargins() {
    List<Double> a = new ArrayList<>();
    rounds.forEach(r -> a.addAll(r.sampledA()));
    return MarginReach.of(a, run.scale());
  }

  /**
   * Epochs behind the final model: every round starts from the previous round's best checkpoint, so
   * the final model has trained for the sum of the best candidates' epochs.
   */
  public double finalModelEpochs() {
    return rounds.stream()
        .filter(r -> r.best() != null && r.best().result() != null)
        .mapToDouble(r -> r.best().result().getEpochs())
        .sum();
  }

  public int candidates() {
    return rounds.stream().mapToInt(r -> r.candidates().size()).sum();
  }

  public int failedCandidates() {
    return rounds.stream().mapToInt(RoundSummary::failedCount).sum();
  }

  /**
   * Failed candidates that diverged (status NAN: a NaN loss, or NaN/∞ embeddings of a model whose
   * loss stayed finite); they are among {@link #failedCandidates}.
   */
  public int divergedCandidates() {
    return (int)
        rounds.stream()
            .flatMap(r -> r.candidates().stream())
            .filter(p -> p.result() != null && p.result().getStatus() == TrainStatus.NAN)
            .count();
  }

  /** Validation accuracy of the final model: the best reward of the last round that has one. */
  public Double valAccuracy() {
    for (int i = rounds.size() - 1; i >= 0; i--) {
      if (rounds.get(i).bestReward() != null) {
        return rounds.get(i).bestReward();
      }
    }
    return null;
  }

  /** The final metrics on the set named {@code test}, else the first set evaluated. */
  public Optional<EvalMetrics> primaryTest() {
    return run.testMetrics().stream()
        .filter(m -> "test".equals(m.getEvalSet()))
        .findFirst()
        .or(() -> run.testMetrics().stream().findFirst());
  }

  /** Σ of the stages in timings.tsv, null without timings. */
  public Double wallSeconds() {
    return run.timings().isEmpty()
        ? null
        : run.timings().values().stream().mapToDouble(Double::doubleValue).sum();
  }

  public boolean hasAnyA() {
    return rounds.stream().anyMatch(r -> !r.sampledA().isEmpty());
  }

  public boolean hasAnyMu() {
    return rounds.stream().anyMatch(r -> !r.mu().isEmpty());
  }

  private List<TrainResult> allResults() {
    List<TrainResult> all = new ArrayList<>();
    run.rounds().forEach(r -> all.addAll(r.results()));
    return all;
  }
}
