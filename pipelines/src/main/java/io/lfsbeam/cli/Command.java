package io.lfsbeam.cli;

import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptions;

/** One {@code lfs <command>}: its options interface (Beam conventions) and what it does. */
public interface Command<T extends PipelineOptions> {
  /** The word typed after {@code lfs}. */
  String name();

  /** One line for {@code lfs --help}. */
  String summary();

  /** Options interface with {@code @Description} and {@code @Default} on each getter. */
  Class<T> optionsType();

  /**
   * Checks that cannot be expressed as Beam validation (paths that must exist, ranges); throw
   * {@link UsageException}.
   */
  default void validate(T options) {}

  /**
   * An option that may also be given as a bare first word ({@code lfs bench align} = {@code
   * --what=align}); null for none.
   */
  default String positionalOption() {
    return null;
  }

  /**
   * The folders this command writes, each held with an {@link io.lfsbeam.io.OutputLock} while it
   * runs (after {@link #validate}); a second run on one of them is refused.
   */
  default List<String> outputs(T options) {
    return List.of();
  }

  /**
   * Options its interface inherits that this command sets itself, by name, each with the reason:
   * left out of {@code --help} (whose default would be untrue here) and refused when given.
   */
  default Map<String, String> inapplicable() {
    return Map.of();
  }

  /** Runs the command; returns the process exit code. */
  int run(T options) throws Exception;
}
