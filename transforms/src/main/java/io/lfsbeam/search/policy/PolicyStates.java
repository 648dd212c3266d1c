package io.lfsbeam.search.policy;

import io.lfsbeam.schemas.PolicyState;
import io.lfsbeam.schemas.SearchMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Conversion between {@link PolicySnapshot} and the Avro record {@link PolicyState} the pipeline
 * stores after each round. Kept apart so the policy logic itself never touches Avro.
 *
 * <p>Doubles go through {@code List<Double>} boxing unchanged, so a snapshot survives the round
 * trip bit for bit.
 */
public final class PolicyStates {
  private PolicyStates() {}

  /**
   * A builder pre-filled with the snapshot; the caller adds the round's best candidate, checkpoint,
   * reward and failure count, which are the orchestrator's knowledge, not the policy's.
   */
  public static PolicyState.Builder toBuilder(PolicySnapshot snapshot, String searchId) {
    return PolicyState.newBuilder()
        .setSearchId(searchId)
        .setRound(snapshot.round())
        .setMode(toAvro(snapshot.mode()))
        .setMu(toList(snapshot.mu()))
        .setSigma(snapshot.sigma())
        .setAdamM(toList(snapshot.adamM()))
        .setAdamV(toList(snapshot.adamV()))
        .setAdamStep(snapshot.adamStep())
        .setSeed(snapshot.seed());
  }

  /** The record with only the policy's fields set (best candidate etc. at their defaults). */
  public static PolicyState toAvro(PolicySnapshot snapshot, String searchId) {
    return toBuilder(snapshot, searchId).build();
  }

  /** The snapshot in a stored record; fails for modes that carry no policy (FIXED, UNKNOWN). */
  public static PolicySnapshot fromAvro(PolicyState state) {
    return new PolicySnapshot(
        fromAvro(state.getMode()),
        toArray(state.getMu()),
        state.getSigma(),
        toArray(state.getAdamM()),
        toArray(state.getAdamV()),
        state.getAdamStep(),
        state.getRound(),
        state.getSeed());
  }

  public static SearchMode toAvro(PolicyMode mode) {
    switch (mode) {
      case SEARCH:
        return SearchMode.SEARCH;
      case RANDOM:
        return SearchMode.RANDOM;
      case AMLFS:
        return SearchMode.AMLFS;
      default:
        throw new IllegalArgumentException("unmapped policy mode " + mode);
    }
  }

  public static PolicyMode fromAvro(SearchMode mode) {
    switch (mode) {
      case SEARCH:
        return PolicyMode.SEARCH;
      case RANDOM:
        return PolicyMode.RANDOM;
      case AMLFS:
        return PolicyMode.AMLFS;
      default:
        throw new IllegalArgumentException("search mode " + mode + " has no policy state");
    }
  }

  private static List<Double> toList(double[] values) {
    List<Double> list = new ArrayList<>(values.length);
    for (double v : values) {
      list.add(v);
    }
    return list;
  }

  private static double[] toArray(List<Double> values) {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
