package io.lfsbeam.cli;

/**
 * A mistake in how a command was called: reported as one line and exit code 2, never a stack trace.
 */
public class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
