package io.lfsbeam.flink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What another JVM of this user holds: its live instances of a class, its open files (Linux). */
final class JvmInspection {
  private JvmInspection() {}

  /**
   * Live instances of {@code className} in the JVM {@code pid}, from {@code jcmd
   * GC.class_histogram} (which collects garbage first, so only what something still reaches is
   * counted).
   */
  static long liveInstances(long pid, String className) throws IOException, InterruptedException {
    String out = jcmd(pid, "GC.class_histogram");
    // "  123:     4     416  org.apache.flink.util.ChildFirstClassLoader"
    for (String line : out.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[0].endsWith(":") && f[3].equals(className)) {
        return Long.parseLong(f[1]);
      }
    }
    if (!out.contains("Total")) {
      throw new IOException("not a class histogram:\n" + out);
    }
    return 0;
  }

  /** Writes the live heap of the JVM {@code pid} to {@code file} (hprof). */
  static void heapDump(long pid, Path file) throws IOException, InterruptedException {
    Files.deleteIfExists(file);
    jcmd(pid, "GC.heap_dump", file.toString());
  }

  private static String jcmd(long pid, String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString());
    cmd.add(Long.toString(pid));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed:\n" + out);
    }
    return out;
  }

  /** The files the process {@code pid} has open whose path contains {@code part}. */
  static List<String> openFiles(long pid, String part) throws IOException {
    List<String> open = new ArrayList<>();
    try (Stream<Path> fds = Files.list(Paths.get("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.contains(part)) {
            open.add(target);
          }
        } catch (IOException closedMeanwhile) {
          // the descriptor was closed between the listing and the read
        }
      }
    }
    return open;
  }
}
