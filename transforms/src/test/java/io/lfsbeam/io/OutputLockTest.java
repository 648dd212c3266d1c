package io.lfsbeam.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run per output (issue 25, class 4): another process's lock refuses, a dead process's lock is
 * taken over, a lock of another host is refused with the file to remove, and every exit path of the
 * holder releases it.
 */
class OutputLockTest {
  @TempDir Path tmp;

  private static String lockText(Path dir) throws Exception {
    return Files.readString(dir.resolve(OutputLock.FILE), StandardCharsets.UTF_8);
  }

  @Test
  void aRunThatWritesNothingLeavesNoFolderBehindAndAWrittenOneKeepsIt() throws Exception {
    Path refused = tmp.resolve("new/deeper/out");
    try (OutputLock lock = OutputLock.acquire(refused.toString(), "lfs test")) {
      assertTrue(Files.isDirectory(refused), "taking the lock makes the folder");
    }
    assertFalse(Files.exists(tmp.resolve("new")), "created folders removed again, while empty");

    Path written = tmp.resolve("made/out");
    try (OutputLock lock = OutputLock.acquire(written.toString(), "lfs test")) {
      Files.writeString(written.resolve("result.txt"), "x");
    }
    assertTrue(Files.exists(written.resolve("result.txt")));
    assertFalse(Files.exists(written.resolve(OutputLock.FILE)));

    Path existing = Files.createDirectories(tmp.resolve("existing"));
    try (OutputLock lock = OutputLock.acquire(existing.toString(), "lfs test")) {
      // nothing written
    }
    assertTrue(Files.isDirectory(existing), "a folder that was there stays");
  }

  @Test
  void aSecondProcessIsRefusedUntilTheFirstIsKilledThenTakesTheStaleLock() throws Exception {
    Path out = tmp.resolve("out");
    // the holder names the folder in other spellings than this process does
    for (String[] spelling :
        new String[][] {
          {out + "/./", out.toString()},
          {"file://" + out, out + "/"},
        }) {
      try (ChildJvm holder = ChildJvm.start(LockHolderMain.class, spelling[0], "wait")) {
        holder.awaitLine("held");
        OutputLock.InUseException e =
            assertThrows(
                OutputLock.InUseException.class,
                () -> OutputLock.acquire(spelling[1], "lfs search"));
        assertTrue(
            e.getMessage()
                .startsWith(
                    "--output="
                        + out
                        + " is in use by lfs test-holder (pid "
                        + holder.process.pid()
                        + " on host "
                        + ThisProcess.host()),
            e.getMessage());
        assertTrue(e.getMessage().endsWith("wait for it to end, or choose another --output"));
        assertEquals(1, e.getMessage().lines().count());
        // kill -9: no hook runs, the lock stays behind, and is recognised as stale
        holder.kill9();
        assertTrue(Files.exists(out.resolve(OutputLock.FILE)));
        try (OutputLock mine = OutputLock.acquire(spelling[1], "lfs search")) {
          assertTrue(lockText(out).contains("pid=" + ThisProcess.pid()), lockText(out));
        }
        assertFalse(Files.exists(out.resolve(OutputLock.FILE)), "released");
      }
    }
  }

  @Test
  void theHolderReleasesItOnSystemExitAndOnSigterm() throws Exception {
    Path out = tmp.resolve("exit");
    try (ChildJvm holder = ChildJvm.start(LockHolderMain.class, out.toString(), "exit")) {
      holder.awaitLine("held");
      assertEquals(3, holder.waitFor());
    }
    assertFalse(Files.exists(out.resolve(OutputLock.FILE)), "System.exit ran the hook");
    try (ChildJvm holder = ChildJvm.start(LockHolderMain.class, out.toString(), "wait")) {
      holder.awaitLine("held");
      holder.process.destroy(); // SIGTERM, as Ctrl-C's SIGINT: shutdown hooks run
      holder.waitFor();
    }
    assertFalse(Files.exists(out.resolve(OutputLock.FILE)), "SIGTERM ran the hook");
  }

  @Test
  void staleLocksOfThisHostInEverySpellingAreTakenOver() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    long deadPid = gone.pid();
    String[] stale = {
      // a process that ended
      new OutputLock.Holder(
              ThisProcess.host(), deadPid, Optional.empty(), Instant.now(), "lfs search")
          .format(),
      // this very pid, but a process that started at another time: the pid was reused
      new OutputLock.Holder(
              ThisProcess.host(),
              ThisProcess.pid(),
              Optional.of(Instant.parse("2001-01-01T00:00:00Z")),
              Instant.now(),
              "lfs search")
          .format(),
      // an empty or unreadable lock file (written by hand, or a file system without links)
      "",
      "pid=x\n",
    };
    for (int i = 0; i < stale.length; i++) {
      Path out = tmp.resolve("stale" + i);
      Files.createDirectories(out);
      Files.writeString(out.resolve(OutputLock.FILE), stale[i]);
      try (OutputLock lock = OutputLock.acquire(out.toString(), "lfs train")) {
        assertTrue(lockText(out).contains("pid=" + ThisProcess.pid()), i + ": " + lockText(out));
        assertTrue(lockText(out).contains("command=lfs train"), lockText(out));
      }
      assertFalse(Files.exists(out.resolve(OutputLock.FILE)), i + ": released");
      try (var files = Files.list(out)) {
        assertEquals(0, files.count(), i + ": nothing left beside it");
      }
    }
  }

  @Test
  void aLockOfAnotherHostIsRefusedNamingTheFileToRemove() throws Exception {
    Path out = tmp.resolve("shared");
    Files.createDirectories(out);
    String theirs =
        new OutputLock.Holder(
                "gpu-node-7",
                ThisProcess.pid(),
                Optional.empty(),
                Instant.parse("2026-01-02T03:04:05Z"),
                "lfs search")
            .format();
    Files.writeString(out.resolve(OutputLock.FILE), theirs);
    OutputLock.InUseException e =
        assertThrows(
            OutputLock.InUseException.class,
            () -> OutputLock.acquire(out.toString(), "lfs search"));
    assertTrue(
        e.getMessage().contains("pid " + ThisProcess.pid() + " on host gpu-node-7"),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                "cannot be checked from "
                    + ThisProcess.host()
                    + ": wait for it to end, or if it is gone remove "
                    + out.resolve(OutputLock.FILE)),
        e.getMessage());
    assertEquals(theirs, lockText(out), "left as it was");
  }

  @Test
  void oneJvmMayHoldItTwiceAndReleasesItWithTheLastHold() throws Exception {
    Path out = tmp.resolve("nested");
    OutputLock outer = OutputLock.acquire(out.toString(), "lfs search");
    OutputLock inner = OutputLock.acquire(out + "/", "lfs search");
    inner.close();
    assertTrue(Files.exists(out.resolve(OutputLock.FILE)), "the outer hold remains");
    inner.close();
    assertTrue(Files.exists(out.resolve(OutputLock.FILE)), "closing twice releases once");
    outer.close();
    assertFalse(Files.exists(out.resolve(OutputLock.FILE)));
  }

  @Test
  void aFolderOnAnotherFileSystemIsNotLocked() throws Exception {
    try (OutputLock lock = OutputLock.acquire("gs://bucket/runs/s1", "lfs search")) {
      assertEquals(null, lock.file());
    }
  }
}
