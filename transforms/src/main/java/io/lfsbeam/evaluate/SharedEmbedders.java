package io.lfsbeam.evaluate;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded model per worker JVM and model path, shared by every DoFn instance that embeds with
 * it.
 *
 * <p>Why: runners create several instances of a DoFn per JVM (the DirectRunner one per thread,
 * Flink one per slot); loading a SavedModel in each would multiply native memory and load time. The
 * {@link Embedder} serialises calls on its one predictor; TensorFlow already spreads one batch over
 * all CPU cores (or runs it on the GPU), so concurrent DoFn threads would gain little by running
 * batches side by side. Reference-counted: the model is closed when the last user releases it.
 */
final class SharedEmbedders {
  private static final Logger LOG = LoggerFactory.getLogger(SharedEmbedders.class);
  private static final Map<Path, Entry> LOADED = new HashMap<>();

  private static final class Entry {
    final Embedder embedder;
    int users;

    Entry(Embedder embedder) {
      this.embedder = embedder;
    }
  }

  private SharedEmbedders() {}

  /**
   * The embedder of the SavedModel at {@code modelDir}, loading it on first use; pair with {@link
   * #release}.
   */
  static synchronized Embedder acquire(String modelDir) throws IOException {
    Path key = Paths.get(modelDir).toAbsolutePath().normalize();
    Entry e = LOADED.get(key);
    if (e == null) {
      long start = System.nanoTime();
      e = new Entry(Embedder.load(key));
      LOADED.put(key, e);
      LOG.info(
          "loaded model {} ({}x{} input) in {} ms",
          key,
          e.embedder.width(),
          e.embedder.height(),
          (System.nanoTime() - start) / 1_000_000);
    }
    e.users++;
    return e.embedder;
  }

  static synchronized void release(String modelDir) {
    Path key = Paths.get(modelDir).toAbsolutePath().normalize();
    Entry e = LOADED.get(key);
    if (e != null && --e.users == 0) {
      LOADED.remove(key);
      e.embedder.close();
    }
  }
}
