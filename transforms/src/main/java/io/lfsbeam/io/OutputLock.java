package io.lfsbeam.io;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * One run per output folder: a lock file, {@value #FILE}, in the folder, naming the process that
 * holds it (host, pid, the process's start time, the command). A second run on the same folder gets
 * {@link InUseException} before it writes anything.
 *
 * <ul>
 *   <li>Taking it is one atomic step: the lock's content is written to a temporary file which is
 *       then hard-linked to {@value #FILE} (a link fails when the name exists, on local and NFS
 *       file systems alike), so the file is never seen half written.
 *   <li>A stale lock, left by a process that ended without releasing it ({@code kill -9}, a power
 *       cut), is recognised when its host is this host and its pid no longer runs, or runs but
 *       started at another time (a reused pid); it is then taken over. A lock of another host
 *       cannot be checked from here and is refused, the message saying which host and pid hold it
 *       and which file to remove if that process is gone.
 *   <li>Released by {@link #close()} and, for exits that skip it ({@code System.exit}, SIGTERM,
 *       Ctrl-C), by a shutdown hook; reentrant within one JVM (a command that locks its output and
 *       then runs a pipeline that locks it again), released when the last holder closes.
 * </ul>
 *
 * <p>Only local folders are locked (the outputs this project writes in place are local); another
 * file system's path is accepted without a lock.
 */
public final class OutputLock implements AutoCloseable {
  /** The lock file's name in the output folder (hidden, so listings of the output skip it). */
  public static final String FILE = ".lfs.lock";

  private static final Map<Path, Integer> HELD = new HashMap<>();

  /** Lock file → the outermost folder its acquisition created (removed again if left empty). */
  private static final Map<Path, Path> CREATED = new HashMap<>();

  private static boolean hookInstalled;

  private final Path file;
  private boolean closed;

  /** The output is held by another run. */
  public static final class InUseException extends IOException {
    public InUseException(String message) {
      super(message);
    }
  }

  /** What a lock file records. */
  public record Holder(
      String host, long pid, Optional<Instant> started, Instant acquired, String command) {
    String format() {
      return "host="
          + host
          + "\npid="
          + pid
          + "\nstarted="
          + started.map(Instant::toString).orElse("")
          + "\nacquired="
          + acquired
          + "\ncommand="
          + command.replace('\n', ' ')
          + "\n";
    }

    static Optional<Holder> parse(String text) {
      Properties p = new Properties();
      try {
        p.load(new StringReader(text));
        String started = p.getProperty("started", "");
        return Optional.of(
            new Holder(
                p.getProperty("host", ""),
                Long.parseLong(p.getProperty("pid", "").strip()),
                started.isBlank() ? Optional.empty() : Optional.of(Instant.parse(started.strip())),
                Instant.parse(p.getProperty("acquired", "").strip()),
                p.getProperty("command", "")));
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    }

    /** "lfs search (pid 123 on host vm, since 2026-12-07 15:02:00)". */
    String describe() {
      return (command.isBlank() ? "another run" : command)
          + " (pid "
          + pid
          + " on host "
          + host
          + ", since "
          + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
              .withZone(ZoneId.systemDefault())
              .format(acquired)
          + ")";
    }
  }

  private OutputLock(Path file) {
    this.file = file;
  }

  /**
   * Takes the lock of {@code dir} (created when missing) for this process.
   *
   * @param command what holds it, for the message another run gets (e.g. "lfs search")
   * @throws InUseException when another live run holds it, or a run of another host
   */
  public static OutputLock acquire(String dir, String command) throws IOException {
    if (!isLocal(dir)) {
      return new OutputLock(null);
    }
    Path folder =
        (dir.startsWith("file://") ? Path.of(URI.create(dir)) : Path.of(dir))
            .toAbsolutePath()
            .normalize();
    Path created = topmostMissing(folder);
    Files.createDirectories(folder);
    Path file = folder.resolve(FILE);
    synchronized (HELD) {
      Integer count = HELD.get(file);
      if (count != null) {
        HELD.put(file, count + 1);
        return new OutputLock(file);
      }
      Holder me =
          new Holder(
              ThisProcess.host(),
              ThisProcess.pid(),
              Optional.of(ThisProcess.started()),
              Instant.now(),
              command);
      // one attempt, and one more after removing a stale lock (a third contender may win it)
      for (int attempt = 0; attempt < 3; attempt++) {
        if (create(file, me)) {
          HELD.put(file, 1);
          if (created != null) {
            CREATED.put(file, created);
          }
          installHook();
          return new OutputLock(file);
        }
        String text = read(file);
        if (text == null) {
          continue; // released meanwhile
        }
        Optional<Holder> holder = Holder.parse(text);
        if (holder.isPresent() && !isStale(holder.get())) {
          throw inUse(folder, file, holder.get());
        }
        removeStale(file, text);
      }
      throw new InUseException(
          "--output=" + folder + " is being locked by several runs at once; try again");
    }
  }

  /** Whether a recorded holder is a dead process of this host (a lock nobody will release). */
  static boolean isStale(Holder h) {
    return h.host().equals(ThisProcess.host()) && !ThisProcess.alive(h.pid(), h.started());
  }

  private static InUseException inUse(Path folder, Path file, Holder h) {
    boolean here = h.host().equals(ThisProcess.host());
    return new InUseException(
        "--output="
            + folder
            + " is in use by "
            + h.describe()
            + (here
                ? ": wait for it to end, or choose another --output"
                : "; whether that process still runs cannot be checked from "
                    + ThisProcess.host()
                    + ": wait for it to end, or if it is gone remove "
                    + file));
  }

  /** Links a complete lock file into place; false when one exists already. */
  private static boolean create(Path file, Holder me) throws IOException {
    Path temp = file.resolveSibling(FILE + "." + UUID.randomUUID() + ".tmp");
    Files.writeString(temp, me.format(), StandardCharsets.UTF_8);
    try {
      try {
        Files.createLink(file, temp);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (UnsupportedOperationException | FileSystemException e) {
        // a file system without hard links: a rename that refuses an existing name
        try {
          Files.move(temp, file);
          return true;
        } catch (FileAlreadyExistsException exists) {
          return false;
        }
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static String read(Path file) throws IOException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /**
   * Moves a stale lock aside, then checks that what was moved is the lock judged stale (another run
   * may have replaced it in between; that one is put back if the name is still free).
   */
  private static void removeStale(Path file, String judged) throws IOException {
    Path aside = file.resolveSibling(FILE + ".stale-" + UUID.randomUUID());
    try {
      Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return;
    }
    String moved = Files.readString(aside, StandardCharsets.UTF_8);
    if (!moved.equals(judged)) {
      try {
        Files.createLink(file, aside);
      } catch (IOException | UnsupportedOperationException e) {
        // the name was taken again meanwhile: that run holds it
      }
    }
    Files.deleteIfExists(aside);
  }

  /** Releases this hold; the file is deleted when the last hold of this JVM is released. */
  @Override
  public void close() {
    if (file == null || closed) {
      return;
    }
    closed = true;
    synchronized (HELD) {
      Integer count = HELD.get(file);
      if (count == null) {
        return;
      }
      if (count > 1) {
        HELD.put(file, count - 1);
        return;
      }
      HELD.remove(file);
      deleteIfOurs(file);
      removeIfLeftEmpty(file.getParent(), CREATED.remove(file));
    }
  }

  /** The outermost folder of {@code folder}'s path that does not exist yet, or null. */
  private static Path topmostMissing(Path folder) {
    Path missing = null;
    for (Path p = folder; p != null && !Files.exists(p); p = p.getParent()) {
      missing = p;
    }
    return missing;
  }

  /**
   * A run that ends without writing anything (refused by a check after it took the lock) leaves no
   * trace: the folders taking the lock created are removed again, innermost first, while empty.
   */
  private static void removeIfLeftEmpty(Path folder, Path createdFrom) {
    if (createdFrom == null) {
      return;
    }
    for (Path p = folder; p != null && p.startsWith(createdFrom); p = p.getParent()) {
      try {
        Files.delete(p);
      } catch (IOException e) {
        return; // not empty (the run wrote into it), or gone: leave it
      }
    }
  }

  /** The lock file, or null for an output that is not locked (not local). */
  public Path file() {
    return file;
  }

  private static void deleteIfOurs(Path file) {
    try {
      String text = read(file);
      Optional<Holder> h = text == null ? Optional.empty() : Holder.parse(text);
      if (h.isPresent()
          && h.get().pid() == ThisProcess.pid()
          && h.get().host().equals(ThisProcess.host())) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // the folder went away: nothing to release
    }
  }

  private static void installHook() {
    if (hookInstalled) {
      return;
    }
    hookInstalled = true;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  synchronized (HELD) {
                    HELD.keySet().forEach(OutputLock::deleteIfOurs);
                    HELD.clear();
                  }
                },
                "lfs-output-locks"));
  }

  static boolean isLocal(String dir) {
    int colon = dir.indexOf("://");
    return colon < 0 || dir.startsWith("file://");
  }
}
