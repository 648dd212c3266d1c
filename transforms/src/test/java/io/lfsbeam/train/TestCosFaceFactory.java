package io.lfsbeam.train;

import io.lfsbeam.train.loss.GraphLoss;
import io.lfsbeam.train.loss.GraphLossFactory;
import java.util.Map;

/**
 * Builds the test CosFace in a child JVM from text parameters {@code classes}, {@code s}, {@code
 * m}.
 */
public final class TestCosFaceFactory implements GraphLossFactory {
  public TestCosFaceFactory() {}

  @Override
  public GraphLoss create(Map<String, String> params) {
    return TestLosses.cosFace(
        Integer.parseInt(params.get("classes")),
        Float.parseFloat(params.getOrDefault("s", "16")),
        Float.parseFloat(params.getOrDefault("m", "0.2")));
  }
}
