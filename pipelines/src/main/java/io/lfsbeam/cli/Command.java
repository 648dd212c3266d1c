package io.lfsbeam.cli;

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

  /** Runs the command; returns the process exit code. */
  int run(T options) throws Exception;
}
