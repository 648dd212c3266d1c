package io.lfsbeam.search.runner;

import io.lfsbeam.schemas.LossCandidate;
import io.lfsbeam.train.checkpoint.Checkpoint;
import io.lfsbeam.train.checkpoint.CheckpointIO;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Test hook for the fault paths: {@code round:index:kind} entries, kind = throw (the training stage
 * throws), crash (the child JVM dies as a native crash would), nan (the loss becomes NaN), diverged
 * (training ends OK but the saved weights are NaN, as when BatchNorm's running statistics overflow
 * while every batch loss stayed finite: only the evaluation can see it), hang (the child JVM sleeps
 * for an hour before it starts, as a hung child would; its timeout must end it).
 */
final class FaultInjection {
  enum Kind {
    NONE,
    THROW,
    CRASH,
    NAN,
    DIVERGED,
    HANG
  }

  /** How long a {@link Kind#HANG} child sleeps: far beyond any test's timeout. */
  static final long HANG_SECONDS = 3600;

  private FaultInjection() {}

  /** Rewrites a checkpoint with every weight NaN: the model of {@link Kind#DIVERGED}. */
  static void poisonWeights(String checkpointUri) throws IOException {
    Checkpoint c = CheckpointIO.read(checkpointUri);
    Map<String, Checkpoint.Tensor> poisoned = new LinkedHashMap<>();
    c.tensors()
        .forEach(
            (name, t) -> {
              float[] nan = new float[t.values().length];
              Arrays.fill(nan, Float.NaN);
              poisoned.put(name, new Checkpoint.Tensor(t.shape(), nan));
            });
    CheckpointIO.write(new Checkpoint(c.step(), c.metadata(), poisoned), checkpointUri);
  }

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
