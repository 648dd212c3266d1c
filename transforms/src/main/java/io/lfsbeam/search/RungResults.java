package io.lfsbeam.search;

import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.TrainResult;
import io.lfsbeam.schemas.TrainStatus;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How a candidate's {@link TrainResult} grows over the rungs of a round: a runner reports what one
 * rung trained, and these pure functions add it to what the candidate had trained before, so that
 * the round's records count exactly what each candidate cost (a stopped candidate what it trained
 * up to its last rung). No Beam, no TensorFlow.
 */
public final class RungResults {
  private RungResults() {}

  /**
   * The candidate's result after {@code rung}: {@code trained} (what the runner reports for this
   * rung alone) added to {@code previous} (its result after the previous rung, null for the first
   * or without halving). Steps, epochs, wall time, training seconds and images seen are summed; the
   * first loss and start time are the round's, everything else (status, message, final loss,
   * throughput, device, checkpoint, end time) this rung's; the rung fields are set and the earlier
   * rungs' steps and scores carried over.
   */
  public static TrainResult accumulate(
      @Nullable TrainResult previous, TrainResult trained, Rung rung) {
    TrainResult.Builder b = TrainResult.newBuilder(trained);
    double seconds =
        trained.getTrainingSeconds() != null
            ? trained.getTrainingSeconds()
            : trained.getWallMillis() / 1000.0;
    b.setTrainingSeconds(seconds).setRungReached(rung.index()).setRungs(rung.count());
    if (previous == null) {
      return b.build();
    }
    return b.setSteps(previous.getSteps() + trained.getSteps())
        .setEpochs(previous.getEpochs() + trained.getEpochs())
        .setFirstLoss(
            previous.getFirstLoss() != null ? previous.getFirstLoss() : trained.getFirstLoss())
        .setStartMillis(previous.getStartMillis())
        .setWallMillis(previous.getWallMillis() + trained.getWallMillis())
        .setTrainingSeconds(seconds(previous) + seconds)
        .setImagesSeen(sum(previous.getImagesSeen(), trained.getImagesSeen()))
        .setRungSteps(new ArrayList<>(previous.getRungSteps()))
        .setRungScores(new ArrayList<>(previous.getRungScores()))
        .build();
  }

  /**
   * A rung attempt that threw: FAILED with the exception, nothing trained in this rung, the earlier
   * rungs still counted.
   */
  public static TrainResult failed(
      LossCandidate c,
      @Nullable TrainResult previous,
      Rung rung,
      Throwable t,
      long startMillis,
      long endMillis) {
    TrainResult thrown =
        TrainResult.newBuilder()
            .setCandidate(c)
            .setStatus(TrainStatus.FAILED)
            .setMessage(t.getClass().getSimpleName() + ": " + t.getMessage())
            .setSteps(0)
            .setEpochs(0)
            .setDevice("unknown")
            .setStartMillis(startMillis)
            .setEndMillis(endMillis)
            .setWallMillis(endMillis - startMillis)
            .setImagesSeen(0L)
            .build();
    return accumulate(previous, thrown, rung);
  }

  /**
   * The result as the round records it after its rung was scored: the round's steps at the rung's
   * end appended to {@code rungSteps}, and with halving the validation score to {@code rungScores}
   * when {@code scored} (a rung it failed in adds none).
   */
  public static TrainResult scored(TrainResult r, @Nullable EvalMetrics metrics, boolean scored) {
    List<Long> steps = new ArrayList<>(r.getRungSteps());
    steps.add(r.getSteps());
    List<Double> scores = new ArrayList<>(r.getRungScores());
    if (scored && metrics != null) {
      scores.add(metrics.getAccuracyMean());
    }
    return TrainResult.newBuilder(r).setRungSteps(steps).setRungScores(scores).build();
  }

  private static double seconds(TrainResult r) {
    return r.getTrainingSeconds() != null ? r.getTrainingSeconds() : r.getWallMillis() / 1000.0;
  }

  private static Long sum(Long a, Long b) {
    return a == null || b == null ? null : a + b;
  }
}
