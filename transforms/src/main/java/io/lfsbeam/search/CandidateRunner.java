package io.lfsbeam.search;

import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.TrainResult;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.display.HasDisplayData;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What a search does with one candidate: train it for a round, then score it on the validation
 * pairs. The Beam transforms ({@link TrainCandidates}, {@link EvaluateCandidates}) only fan out and
 * collect; this interface is where TensorFlow (in-process or in a child JVM) plugs in, and where
 * tests plug in a fake that needs no TensorFlow.
 *
 * <p>Implementations report a candidate's own failure as a FAILED/NAN {@link TrainResult} rather
 * than throwing; the transforms still catch anything thrown so one candidate never fails a round.
 */
public interface CandidateRunner extends AutoCloseable {
  /** Trains the candidate for its whole round from its start checkpoint. */
  TrainResult train(LossCandidate candidate) throws Exception;

  /**
   * Trains one rung of a round under successive halving: the round's steps {@code [rung.fromStep(),
   * rung.toStep())}, from the candidate's start checkpoint for the first rung and from {@code
   * previous}'s checkpoint after that, as if the round had not been interrupted (the same data
   * order, learning-rate step and every variable the checkpoint holds). The result counts the
   * candidate's whole round so far: steps, training seconds and images summed over its rungs,
   * {@code rungReached = rung.index()}.
   *
   * <p>The default trains {@link Rung#whole()} with {@link #train(LossCandidate)} and refuses a
   * partial rung.
   *
   * @param previous the candidate's result after the previous rung; null for the first
   */
  default TrainResult train(LossCandidate candidate, Rung rung, @Nullable TrainResult previous)
      throws Exception {
    if (rung.isWholeRound()) {
      return train(candidate);
    }
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " cannot train a rung of a round (successive halving)");
  }

  EvalMetrics evaluate(TrainResult trained) throws Exception;

  /**
   * After the last round: exports the best candidate's checkpoint as the search's final model under
   * {@code <output>/model} and scores it on every test set (the test pairs, test .bin files);
   * returns one metrics record per set, the primary set first.
   */
  List<EvalMetrics> finish(PolicyState finalState) throws Exception;

  @Override
  default void close() throws Exception {}

  /**
   * Makes a runner on each worker (in {@code @Setup}); holds only serialisable settings, which it
   * may show as display data (the search transforms include it).
   */
  interface Factory extends Serializable, HasDisplayData {
    CandidateRunner create() throws Exception;

    @Override
    default void populateDisplayData(DisplayData.Builder builder) {}
  }
}
