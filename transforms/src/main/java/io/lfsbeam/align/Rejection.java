package io.lfsbeam.align;

import java.util.Objects;

/** Why an input was refused: a stable code for counting plus a message for a human. */
public record Rejection(AlignFailureReason reason, String message) {
  public Rejection {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return reason.code() + ": " + message;
  }
}
