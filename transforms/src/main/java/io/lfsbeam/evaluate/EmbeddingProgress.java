package io.lfsbeam.evaluate;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs "embedded n/total faces, r faces/s, ETA" at most every few seconds and at the end, so a long
 * embedding run is never silent. Not thread-safe: one per embedding loop or DoFn instance.
 */
final class EmbeddingProgress {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingProgress.class);
  private static final long EVERY_NANOS = 10_000_000_000L;

  private final String what;
  private final long total;
  private final long start = System.nanoTime();
  private long lastLog = start;
  private long done;

  /**
   * @param total faces expected, or −1 when unknown (a Beam worker sees only its share)
   */
  EmbeddingProgress(String what, long total) {
    this.what = what;
    this.total = total;
  }

  void add(int faces) {
    done += faces;
    long now = System.nanoTime();
    if (now - lastLog >= EVERY_NANOS || (total > 0 && done >= total)) {
      lastLog = now;
      LOG.info(line(now));
    }
  }

  long done() {
    return done;
  }

  String line(long now) {
    double seconds = Math.max(1e-9, (now - start) / 1e9);
    double rate = done / seconds;
    if (total <= 0) {
      return String.format(Locale.ROOT, "%s: embedded %,d faces, %.1f faces/s", what, done, rate);
    }
    String eta =
        done >= total
            ? "done"
            : String.format(Locale.ROOT, "ETA %.0f s", (total - done) / Math.max(rate, 1e-9));
    return String.format(
        Locale.ROOT, "%s: embedded %,d/%,d faces, %.1f faces/s, %s", what, done, total, rate, eta);
  }
}
