package io.lfsbeam.search;

import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A {@link CandidateRunner} for successive halving without TensorFlow. Training a rung writes a
 * small text "checkpoint" under the search's output ({@code round index rung steps}) and checks
 * that a continued candidate starts from its own previous rung's file; the validation score is a
 * known function of the candidate's a and the steps it has trained ({@link #score}), whose early
 * ranks differ from its late ones, so the cut, the rewards and the records can be checked against
 * the same function evaluated in the test.
 */
final class RungRewardRunner implements CandidateRunner {
  /** Images per step the fake reports (its "batch size"). */
  static final int BATCH = 32;

  /** Steps of a whole round when halving is off. */
  static final long WHOLE_ROUND_STEPS = 40;

  /**
   * Thrown from {@link #evaluate} at the kill point: an Error, which no stage turns into a result.
   */
  static final class Killed extends Error {
    Killed(String what) {
      super(what);
    }
  }

  private final String output;
  private final Set<String> failing;
  private final String killAt;

  private RungRewardRunner(String output, Set<String> failing, String killAt) {
    this.output = output;
    this.failing = failing;
    this.killAt = killAt;
  }

  /**
   * @param failing "round:index:rung" (1-based rung) keys whose training throws
   * @param killAt "round:rung" (1-based) whose first evaluation kills the pipeline, or null
   */
  static CandidateRunner.Factory factory(String output, Set<String> failing, String killAt) {
    return () -> new RungRewardRunner(output, failing, killAt);
  }

  static CandidateRunner.Factory factory(String output) {
    return factory(output, Set.of(), null);
  }

  /**
   * The validation score after {@code steps} of the round: the synthetic reward of a, approached as
   * steps grow, plus a wobble of ±0.03 that depends on (index, steps), so the ranks at few steps
   * are not those at many.
   */
  static double score(LossCandidate c, long steps) {
    double base = SyntheticRewardRunner.reward(c) * steps / (steps + 20.0);
    return base + 0.03 * Math.sin(7.0 * c.getIndex() + 0.37 * steps + c.getRound());
  }

  @Override
  public TrainResult train(LossCandidate c) throws Exception {
    return train(c, Rung.whole(), null);
  }

  @Override
  public TrainResult train(LossCandidate c, Rung rung, TrainResult previous) throws IOException {
    String key = c.getRound() + ":" + c.getIndex() + ":" + (rung.index() + 1);
    if (failing.contains(key)) {
      throw new IllegalStateException("synthetic failure of " + key);
    }
    long from = rung.fromStep();
    long to = rung.isWholeRound() ? WHOLE_ROUND_STEPS : rung.toStep();
    if (!rung.isFirst()) {
      String expected = line(c, rung.index() - 1, from);
      String found = Files.readString(Path.of(previous.getCheckpointUri()), StandardCharsets.UTF_8);
      if (!found.equals(expected)) {
        throw new IllegalStateException(
            "continued from '" + found + "', expected its own '" + expected + "'");
      }
    }
    String ckpt =
        SearchLayout.at(output)
            .candidateCheckpoint(c.getRound(), c.getIndex(), rung.index(), rung.count());
    Files.createDirectories(Path.of(ckpt).getParent());
    Files.writeString(Path.of(ckpt), line(c, rung.index(), to), StandardCharsets.UTF_8);
    long steps = to - from;
    return TrainResult.newBuilder()
        .setCandidate(c)
        .setStatus(TrainStatus.OK)
        .setSteps(steps)
        .setEpochs(steps / 10.0)
        .setDevice("none")
        .setCheckpointUri(ckpt)
        .setStartMillis(0)
        .setEndMillis(0)
        .setWallMillis(steps) // one millisecond per step, so the seconds are known exactly
        .setTrainingSeconds(steps / 1000.0)
        .setImagesSeen(steps * BATCH)
        .build();
  }

  private static String line(LossCandidate c, int rung, long steps) {
    return String.format(Locale.ROOT, "%d %d %d %d", c.getRound(), c.getIndex(), rung, steps);
  }

  @Override
  public EvalMetrics evaluate(TrainResult r) {
    LossCandidate c = r.getCandidate();
    if (killAt != null && killAt.equals(c.getRound() + ":" + (r.getRungReached() + 1))) {
      throw new Killed("killed at round " + c.getRound() + " rung " + (r.getRungReached() + 1));
    }
    return metrics(c, score(c, r.getSteps()), "val", r.getCheckpointUri());
  }

  @Override
  public List<EvalMetrics> finish(PolicyState state) {
    return List.of(
        metrics(
            state.getBestCandidate(), state.getBestReward(), "test", state.getBestCheckpoint()));
  }

  private static EvalMetrics metrics(LossCandidate c, double reward, String set, String model) {
    return EvalMetrics.newBuilder()
        .setCandidate(c)
        .setModelUri(model)
        .setEvalSet(set)
        .setPairs(600)
        .setAccuracyMean(reward)
        .setAccuracyStd(0)
        .setFoldAccuracies(List.of())
        .setThreshold(0)
        .build();
  }
}
