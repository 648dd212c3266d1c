package io.lfsbeam.pipelines;

import io.lfsbeam.search.FixedLoss;
import java.util.Set;

/**
 * One {@code --methods} entry of {@code lfs compare}: a fixed loss ({@code cosface}, or a modern
 * margin such as {@code adaface}; {@code elasticface-arc+} is read as {@code
 * elasticface-arc-plus}), a search ({@code search}, {@code random}, {@code amlfs}) or a population
 * control ({@code population:cosface}: the loss fixed, M candidates per round that differ only in
 * their data-order seed, best of M, the search's rounds and epochs). {@code population:best} is the
 * control of the best fixed loss by validation, resolved once the fixed losses have run.
 *
 * @param loss the fixed loss of FIXED and POPULATION, null for a search
 */
record CompareMethod(String name, Kind kind, String loss) {
  /** What a method runs. */
  enum Kind {
    FIXED,
    SEARCH,
    POPULATION
  }

  static final Set<String> SEARCHES = Set.of("amlfs", "random", "search");

  /** The prefix of a population control. */
  static final String POPULATION = "population:";

  /** The loss of {@code population:best}: the best fixed loss of this compare by validation. */
  static final String BEST = "best";

  /**
   * @throws IllegalArgumentException for an unknown method or loss
   */
  static CompareMethod parse(String token) {
    String t = FixedLoss.canonicalName(token);
    if (SEARCHES.contains(t)) {
      return new CompareMethod(t, Kind.SEARCH, null);
    }
    if (FixedLoss.NAMES.contains(t)) {
      return new CompareMethod(t, Kind.FIXED, t);
    }
    if (t.startsWith(POPULATION)) {
      String loss = t.substring(POPULATION.length()).strip();
      if (loss.equals(BEST) || FixedLoss.NAMES.contains(loss)) {
        return population(loss);
      }
      throw new IllegalArgumentException(
          "unknown loss in '"
              + t
              + "': population:<loss> takes best or one of "
              + String.join(", ", FixedLoss.NAMES));
    }
    throw new IllegalArgumentException(
        "unknown method '"
            + t
            + "' ("
            + String.join(", ", FixedLoss.NAMES)
            + ", amlfs, random, search, population:<loss>, population:best)");
  }

  static CompareMethod population(String loss) {
    return new CompareMethod(POPULATION + loss, Kind.POPULATION, loss);
  }

  /** Whether this is {@code population:best}, to be resolved after the fixed losses ran. */
  boolean unresolved() {
    return kind == Kind.POPULATION && BEST.equals(loss);
  }

  /** The {@code --mode} of {@code lfs search} that runs this method. */
  SearchOptions.Mode mode() {
    return switch (kind) {
      case FIXED -> SearchOptions.Mode.FIXED;
      case POPULATION -> SearchOptions.Mode.POPULATION;
      case SEARCH -> SearchOptions.Mode.parse(name);
    };
  }
}
