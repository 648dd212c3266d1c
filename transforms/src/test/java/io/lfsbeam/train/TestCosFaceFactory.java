package io.lfsbeam.train;

import java.util.Map;

/** Builds the test CosFace in a child JVM from text parameters {@code classes}, {@code s}, {@code m}. */
public final class TestCosFaceFactory implements LossGraphFactory {
  public TestCosFaceFactory() {}

  @Override
  public LossGraph create(Map<String, String> params) {
    return TestLosses.cosFace(Integer.parseInt(params.get("classes")), Float.parseFloat(params.getOrDefault("s", "16")),
        Float.parseFloat(params.getOrDefault("m", "0.2")));
  }
}
