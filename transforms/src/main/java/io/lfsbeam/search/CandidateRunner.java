package io.lfsbeam.search;

import io.lfsbeam.schemas.EvalMetrics;
import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.TrainResult;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.display.HasDisplayData;

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
  TrainResult train(LossCandidate candidate) throws Exception;

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
