package io.lfsbeam.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The findings of {@code lfs doctor}, printed as they come (loading TensorFlow takes seconds), and
 * the verdict: exit code 0 when nothing failed, 1 otherwise, with the failures as the reason.
 */
final class DoctorReport {
  /** How a finding bears on whether a training run can start. */
  enum Status {
    /** Fine for training. */
    OK("ok"),
    /** Worth knowing, does not stop a run (no GPU: training runs on the CPU). */
    NOTE("note"),
    /** A training run cannot start (or cannot reach its cluster) until this is fixed. */
    FAIL("FAIL"),
    /** Not checked. */
    SKIPPED("--");

    final String label;

    Status(String label) {
      this.label = label;
    }
  }

  record Finding(Status status, String topic, String text) {}

  private static final int TOPIC_WIDTH = 10;

  private final PrintStream out;
  private final List<Finding> findings = new ArrayList<>();

  DoctorReport(PrintStream out) {
    this.out = out;
  }

  void add(Status status, String topic, String text) {
    Finding f = new Finding(status, topic, text);
    findings.add(f);
    out.println(line(f));
    out.flush();
  }

  static String line(Finding f) {
    return String.format(
        Locale.ROOT, "  %-4s  %-" + TOPIC_WIDTH + "s  %s", f.status().label, f.topic(), f.text());
  }

  List<Finding> findings() {
    return List.copyOf(findings);
  }

  List<Finding> failures() {
    return findings.stream().filter(f -> f.status() == Status.FAIL).toList();
  }

  int exitCode() {
    return failures().isEmpty() ? 0 : 1;
  }

  /** The closing line: ready (and where it will train), or not ready and why. */
  String verdict(String readyOn) {
    if (failures().isEmpty()) {
      return "ready: a training run can start here (" + readyOn + ")";
    }
    List<String> reasons = new ArrayList<>();
    for (Finding f : failures()) {
      reasons.add(f.topic() + ": " + f.text());
    }
    return "not ready: " + String.join("; ", reasons);
  }
}
