package io.lfsbeam.io;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Who this process is, in the terms a lock file or a scratch folder records it: the host name, the
 * pid and the start time; and whether another recorded process is still alive.
 */
public final class ThisProcess {
  private static volatile String host;

  private ThisProcess() {}

  /**
   * The host name: the kernel's ({@code /proc/sys/kernel/hostname}, no DNS look-up), else {@code
   * HOSTNAME}, else Java's; "localhost" when none answers.
   */
  public static String host() {
    String h = host;
    if (h == null) {
      h = readHost();
      host = h;
    }
    return h;
  }

  private static String readHost() {
    try {
      String k =
          Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
      if (!k.isEmpty()) {
        return k;
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  public static long pid() {
    return ProcessHandle.current().pid();
  }

  /** When this JVM started (the operating system's record of the process). */
  public static Instant started() {
    return ProcessHandle.current().info().startInstant().orElse(Instant.now());
  }

  /**
   * Whether process {@code pid} of this host is alive and, when {@code started} is known, is the
   * one that started then (a pid the system gave to a new process after the recorded one died is
   * not it; one second of tolerance for the recorded precision).
   */
  public static boolean alive(long pid, Optional<Instant> started) {
    Optional<ProcessHandle> p = ProcessHandle.of(pid);
    if (p.isEmpty() || !p.get().isAlive()) {
      return false;
    }
    if (started.isEmpty()) {
      return true;
    }
    Optional<Instant> actual = p.get().info().startInstant();
    return actual.isEmpty()
        || Math.abs(actual.get().toEpochMilli() - started.get().toEpochMilli()) <= 1_000;
  }
}
