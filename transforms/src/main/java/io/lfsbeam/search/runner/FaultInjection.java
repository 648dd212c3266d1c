package io.lfsbeam.search.runner;

import io.lfsbeam.schemas.LossCandidate;
import java.util.Locale;

/**
 * Test hook for the fault paths: {@code round:index:kind} entries, kind = throw (the training stage
 * throws), crash (the child JVM dies as a native crash would), nan (the loss becomes NaN).
 */
final class FaultInjection {
  enum Kind {
    NONE,
    THROW,
    CRASH,
    NAN
  }

  private FaultInjection() {}

  static Kind forCandidate(String spec, LossCandidate c) {
    if (spec == null || spec.isBlank()) {
      return Kind.NONE;
    }
    for (String entry : spec.split(",")) {
      String[] f = entry.strip().split(":");
      if (f.length != 3) {
        throw new IllegalArgumentException("fault '" + entry + "' is not round:index:kind");
      }
      if (Integer.parseInt(f[0]) == c.getRound() && Integer.parseInt(f[1]) == c.getIndex()) {
        return Kind.valueOf(f[2].toUpperCase(Locale.ROOT));
      }
    }
    return Kind.NONE;
  }
}
