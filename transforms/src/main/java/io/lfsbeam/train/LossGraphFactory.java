package io.lfsbeam.train;

import java.util.Map;

/**
 * Creates a {@link LossGraph} from text parameters, so that a loss can be named in a
 * {@link TrainingJob} and rebuilt in a child JVM. Implementations need a public no-argument
 * constructor; e.g. an adapter over {@code GraphLosses.of(LossFamily, LossParams)}.
 */
@FunctionalInterface
public interface LossGraphFactory {
  LossGraph create(Map<String, String> params);
}
