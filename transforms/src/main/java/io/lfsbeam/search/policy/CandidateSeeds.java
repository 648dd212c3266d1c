package io.lfsbeam.search.policy;

/**
 * Seeds derived from (search seed, round, candidate index) alone.
 *
 * <p>Candidates of a round run in parallel on arbitrary workers and may be retried; a candidate's
 * policy draw and training seed must therefore not depend on execution order or on how many draws
 * were made before it. Each seed is a SplitMix64 hash chain of the triple plus a purpose tag, so
 * the policy draw and the training seed of the same candidate are unrelated streams.
 */
public final class CandidateSeeds {
  /** Independent streams per candidate. */
  public enum Purpose {
    /** The policy sample x (and hence the loss) of the candidate. */
    POLICY_DRAW(0x5DEECE66DL),
    /** Shuffling, flips and dropout while the candidate trains. */
    TRAINING(0x2545F4914F6CDD1DL),
    /** The one shared initialisation of the network (round 0). */
    INITIAL_WEIGHTS(0x7A3C4D1E9B2F6A85L);

    private final long salt;

    Purpose(long salt) {
      this.salt = salt;
    }
  }

  private static final long ROUND_MULTIPLIER = 0x9E3779B97F4A7C15L;
  private static final long INDEX_MULTIPLIER = 0xC2B2AE3D27D4EB4FL;

  private CandidateSeeds() {}

  /** The seed for one purpose of candidate {@code index} in {@code round} of the search. */
  public static long seed(long searchSeed, int round, int index, Purpose purpose) {
    long h = SplitMix64.mix64(searchSeed ^ purpose.salt);
    h = SplitMix64.mix64(h + ROUND_MULTIPLIER * ((long) round + 1));
    h = SplitMix64.mix64(h + INDEX_MULTIPLIER * ((long) index + 1));
    return h;
  }

  /** The generator for a candidate's policy draw: same triple, same draws, on any JVM. */
  public static SplitMix64 policyRandom(long searchSeed, int round, int index) {
    return new SplitMix64(seed(searchSeed, round, index, Purpose.POLICY_DRAW));
  }

  /** The seed to put in {@code LossCandidate.seed} for a candidate's training. */
  public static long trainingSeed(long searchSeed, int round, int index) {
    return seed(searchSeed, round, index, Purpose.TRAINING);
  }

  /** The seed of the shared initial weights every search mode starts from. */
  public static long initialWeightsSeed(long searchSeed) {
    return seed(searchSeed, 0, 0, Purpose.INITIAL_WEIGHTS);
  }
}
