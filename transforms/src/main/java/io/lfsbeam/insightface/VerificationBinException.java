package io.lfsbeam.insightface;

import java.io.IOException;

/**
 * A verification .bin that cannot be used: malformed or truncated pickle, a refused opcode, or a
 * tuple of the wrong shape. The message is one line naming the file and what is wrong (with the
 * byte offset where the pickle itself is at fault).
 */
public final class VerificationBinException extends IOException {
  public VerificationBinException(String message) {
    super(message);
  }
}
