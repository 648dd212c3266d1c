package io.lfsbeam.train.loss;

import java.util.Map;

/**
 * Creates a {@link GraphLoss} from text parameters, so that a loss can be named in a {@code
 * io.lfsbeam.train.TrainingJob} and rebuilt in a child JVM. Implementations need a public
 * no-argument constructor; e.g. an adapter over {@link GraphLosses#of}.
 */
@FunctionalInterface
public interface GraphLossFactory {
  GraphLoss create(Map<String, String> params);
}
