package io.lfsbeam.insightface;

import java.io.IOException;
import java.util.Objects;

/**
 * One record of a pack cannot be read, for a {@link PackFailure} reason; the rest of the pack may
 * still be fine. Plain {@link IOException}s (the disk failed) are not of this kind and should fail
 * the job rather than become dead letters.
 */
public final class PackRecordException extends IOException {
  private static final long serialVersionUID = 1L;
  private final PackFailure failure;

  public PackRecordException(PackFailure failure, String message) {
    super(message);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  public PackFailure failure() {
    return failure;
  }
}
