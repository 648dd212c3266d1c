package io.lfsbeam.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One method's figures aggregated over its seeds: column → mean ± std (only columns it has). */
public record MethodSummary(
    String method, List<Long> seeds, Map<ComparisonColumn, MeanStd> figures) {

  public MethodSummary {
    seeds = List.copyOf(seeds);
    figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
  }

  public MeanStd get(String label) {
    return figures.entrySet().stream()
        .filter(e -> e.getKey().label().equals(label))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }
}
