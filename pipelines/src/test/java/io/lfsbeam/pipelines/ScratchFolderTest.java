package io.lfsbeam.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.ThisProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temporary files of processes that died without cleaning up (issue 25, class 6: abnormal ends left
 * {@code minicluster_*} folders and 22 MB RPC jars in the temporary folder) are removed by the next
 * lfs process of the same host; a failed run's debug log is kept a while.
 */
class ScratchFolderTest {
  @TempDir Path root;

  /** A process folder as a killed run leaves it: Flink's files, and maybe a debug log. */
  private Path leftover(String host, long pid, long started, boolean log, Instant logTime)
      throws Exception {
    Path d = root.resolve(host + "-" + pid + "-" + started);
    Path mini = Files.createDirectories(d.resolve("flink/minicluster_0123/tm_0/blobStorage"));
    Files.write(mini.resolve("blob"), new byte[100]);
    Files.write(d.resolve("flink/flink-rpc-akka0a1b.jar"), new byte[100]);
    Files.createDirectories(d.resolve("flink-conf"));
    Files.writeString(d.resolve("flink-conf/config.yaml"), "io.tmp.dirs: x\n");
    if (log) {
      Path l = d.resolve(ScratchFolder.LOG);
      Files.writeString(l, "failure\n");
      Files.setLastModifiedTime(l, FileTime.from(logTime));
    }
    return d;
  }

  private static Set<String> files(Path d) throws Exception {
    try (Stream<Path> s = Files.walk(d)) {
      return Set.copyOf(
          s.filter(Files::isRegularFile).map(p -> d.relativize(p).toString()).toList());
    }
  }

  @Test
  void deadProcessesOfThisHostAreRemovedLiveOnesAndOtherHostsAreKept() throws Exception {
    Instant now = Instant.parse("2026-12-07T12:00:00Z");
    String host = ThisProcess.host();
    Path dead = leftover(host, 101, 1000, false, now);
    Path deadWithLog = leftover(host, 102, 1000, true, now.minus(Duration.ofHours(3)));
    Path deadWithOldLog = leftover(host, 103, 1000, true, now.minus(Duration.ofDays(8)));
    Path alive = leftover(host, 104, 1000, true, now);
    Path otherHost = leftover("other-host", 101, 1000, false, now);
    Path notOurs = Files.createDirectories(root.resolve("something-else"));
    int removed =
        ScratchFolder.sweep(
            root, host, now, (pid, started) -> pid == 104 && started.toEpochMilli() == 1000);
    assertEquals(2, removed);
    assertFalse(Files.exists(dead));
    assertFalse(Files.exists(deadWithOldLog));
    assertEquals(Set.of(ScratchFolder.LOG), files(deadWithLog), "only the recent failure's log");
    assertEquals(4, files(alive).size(), "a live run untouched");
    assertEquals(3, files(otherHost).size(), "another host's process cannot be checked from here");
    assertTrue(Files.isDirectory(notOurs));
  }

  @Test
  void atMostTheNewestLogsAreKept() throws Exception {
    Instant now = Instant.parse("2026-12-07T12:00:00Z");
    String host = ThisProcess.host();
    for (int i = 0; i < ScratchFolder.LOGS_KEPT + 5; i++) {
      leftover(host, 1000 + i, 1, true, now.minus(Duration.ofMinutes(i)));
    }
    ScratchFolder.sweep(root, host, now, (pid, started) -> false);
    try (Stream<Path> s = Files.list(root)) {
      assertEquals(ScratchFolder.LOGS_KEPT, s.count());
    }
    assertTrue(Files.exists(root.resolve(host + "-1000-1")), "the newest");
    assertFalse(Files.exists(root.resolve(host + "-" + (1000 + ScratchFolder.LOGS_KEPT) + "-1")));
  }
}
