package io.lfsbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code lfs} entry point with stdout and stderr captured, for command tests: what a user sees
 * after a run, and the project's rule that wrong usage is exactly one line on stderr.
 */
final class CapturedLfs {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Lfs lfs;

  CapturedLfs(Command<?>... commands) {
    this.lfs =
        new Lfs(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            List.of(commands));
  }

  /** Runs one command line; returns its exit code. */
  int run(String... args) {
    return lfs.run(args);
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Forgets what was written so far (before the next command of one test). */
  void reset() {
    out.reset();
    err.reset();
  }

  /** Everything written to stderr so far, stripped. */
  String err() {
    return err.toString(StandardCharsets.UTF_8).strip();
  }

  /** stderr holds exactly one line, and it contains {@code expected}. */
  void assertOneLine(String expected) {
    String e = err();
    assertEquals(1, e.lines().count(), "one line: " + e);
    assertTrue(e.contains(expected), e);
  }
}
