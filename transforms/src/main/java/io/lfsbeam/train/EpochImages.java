package io.lfsbeam.train;

import java.io.UncheckedIOException;

/**
 * One epoch's images in visiting order, read one at a time. Unchecked errors only: the fit loop
 * turns any runtime exception into a FAILED summary, so a read error (which names its file) ends
 * the run rather than the worker.
 */
public interface EpochImages extends AutoCloseable {
  /**
   * Copies the next image's H·W·3 bytes into {@code dst} at {@code offset} and returns its label.
   *
   * @throws UncheckedIOException when the underlying file cannot be read or decoded
   * @throws IllegalStateException when the epoch has no more images
   */
  int next(byte[] dst, int offset);

  /**
   * Passes over the next {@code count} images of {@code imageBytes} bytes each (a continued run
   * resuming inside an epoch); by default reads and drops them, which a random-access reader
   * overrides.
   */
  default void skip(long count, int imageBytes) {
    byte[] scratch = count > 0 ? new byte[imageBytes] : null;
    for (long i = 0; i < count; i++) {
      next(scratch, 0);
    }
  }

  @Override
  void close();
}
