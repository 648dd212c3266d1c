package io.lfsbeam.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A second JVM on this test's class path, running a test main: another process, for real. */
final class ChildJvm implements AutoCloseable {
  final Process process;
  private final BufferedReader out;

  private ChildJvm(Process process) {
    this.process = process;
    this.out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  static ChildJvm start(Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  /** Reads the child's output until a line equal to {@code line}; fails if it ends first. */
  void awaitLine(String line) throws IOException {
    StringBuilder seen = new StringBuilder();
    for (String l = out.readLine(); l != null; l = out.readLine()) {
      if (l.equals(line)) {
        return;
      }
      seen.append(l).append('\n');
    }
    throw new IllegalStateException("the child ended before '" + line + "':\n" + seen);
  }

  /** SIGKILL (kill -9) and wait: no shutdown hook runs. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  int waitFor() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the child did not end");
    }
    return process.exitValue();
  }

  static Path path(String s) {
    return Paths.get(s);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill9();
    }
  }
}
