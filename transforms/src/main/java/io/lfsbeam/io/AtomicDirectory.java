package io.lfsbeam.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A local folder published whole or not at all (a SavedModel, a pack): its content is written into
 * a hidden sibling, which then takes the target's place.
 *
 * <p>Replacing an existing folder: on Linux the two folders are swapped in one step ({@code
 * renameat2(RENAME_EXCHANGE)}, ext4, xfs, btrfs, tmpfs), so at every instant the target is the old
 * folder or the new one, whatever kills the process (the old one, now under the hidden name, is
 * deleted after). Elsewhere (another OS, a file system without the exchange) the old folder is
 * first renamed aside and the new one renamed into place; a crash between those two renames leaves
 * the target missing and the old folder whole under its hidden name, which the next {@link
 * #replace} or {@link #recover} of that target puts back. Leftovers of a crashed write (hidden
 * siblings of the target) are deleted by the next {@link #replace}; the caller must hold the output
 * (an {@link OutputLock}), since a write in progress is one such sibling.
 */
public final class AtomicDirectory {
  /** Writes the folder's content into the (empty, existing) folder it is given. */
  @FunctionalInterface
  public interface Content {
    void writeTo(Path dir) throws IOException;
  }

  /** Test seam: runs after the new folder took the target's place, before the old is deleted. */
  static volatile Runnable afterSwap = () -> {};

  /** Test seam: runs in the fallback between renaming the old folder aside and the new one in. */
  static volatile Runnable betweenRenames = () -> {};

  /** Test seam: false makes {@link #replace} use the fallback where the exchange is available. */
  static volatile boolean exchange = true;

  private static final String NEW = ".new-";
  private static final String OLD = ".old-";

  private AtomicDirectory() {}

  /** Writes {@code target} whole: afterwards it holds exactly what {@code content} wrote. */
  public static void replace(Path target, Content content) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    Files.createDirectories(parent);
    recover(abs);
    deleteLeftovers(abs);
    Path fresh = sibling(abs, NEW);
    Files.createDirectory(fresh);
    try {
      content.writeTo(fresh);
    } catch (IOException | RuntimeException | Error e) {
      deleteTree(fresh);
      throw e;
    }
    if (!Files.exists(abs)) {
      Files.move(fresh, abs, StandardCopyOption.ATOMIC_MOVE);
      afterSwap.run();
      return;
    }
    if (!Files.isDirectory(abs)) {
      deleteTree(fresh);
      throw new IOException(abs + " exists and is not a folder: not replaced");
    }
    if (exchange && Exchange.swap(fresh, abs)) {
      // fresh now holds the old folder
      afterSwap.run();
      deleteTree(fresh);
      return;
    }
    Path old = sibling(abs, OLD);
    Files.move(abs, old, StandardCopyOption.ATOMIC_MOVE);
    betweenRenames.run();
    Files.move(fresh, abs, StandardCopyOption.ATOMIC_MOVE);
    afterSwap.run();
    deleteTree(old);
  }

  /**
   * Puts back a folder that a crash between the two renames of the fallback left aside: when {@code
   * target} is missing and exactly one hidden old copy of it exists. Returns whether it did.
   */
  public static boolean recover(Path target) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    if (Files.exists(abs) || abs.getParent() == null || !Files.isDirectory(abs.getParent())) {
      return false;
    }
    List<Path> old = siblings(abs, OLD);
    if (old.size() != 1) {
      return false;
    }
    Files.move(old.get(0), abs, StandardCopyOption.ATOMIC_MOVE);
    return true;
  }

  /** Deletes the hidden siblings of {@code target} that earlier, interrupted writes left. */
  static void deleteLeftovers(Path target) throws IOException {
    List<Path> all = new ArrayList<>(siblings(target, NEW));
    all.addAll(siblings(target, OLD));
    for (Path p : all) {
      deleteTree(p);
    }
  }

  private static Path sibling(Path target, String kind) {
    return target.resolveSibling("." + target.getFileName() + kind + UUID.randomUUID());
  }

  private static List<Path> siblings(Path target, String kind) throws IOException {
    String prefix = "." + target.getFileName() + kind;
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(target.getParent())) {
      for (Path p : s) {
        if (p.getFileName().toString().startsWith(prefix)) {
          out.add(p);
        }
      }
    }
    return out;
  }

  /** Deletes a folder and everything in it; symbolic links are removed, never followed. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> all;
    try (Stream<Path> walk = Files.walk(dir)) {
      all = walk.sorted(Comparator.reverseOrder()).toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    for (Path p : all) {
      Files.deleteIfExists(p);
    }
  }

  /** Linux's renameat2(RENAME_EXCHANGE) through JNA; false where it is not available. */
  static final class Exchange {
    private static final int RENAME_EXCHANGE = 2;
    private static volatile Boolean available;

    private Exchange() {}

    /** Swaps two existing paths in one step; false (nothing changed) where that is unsupported. */
    static synchronized boolean swap(Path a, Path b) {
      if (Boolean.FALSE.equals(available)) {
        return false;
      }
      try {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
          available = false;
          return false;
        }
        int r = LibC.renameat2(a.toString(), b.toString(), RENAME_EXCHANGE);
        if (r == 0) {
          available = true;
          return true;
        }
        // EINVAL (a file system without the flag), ENOSYS (an old kernel): use the fallback
        return false;
      } catch (LinkageError | RuntimeException e) {
        // a C library without renameat2 (glibc before 2.28, musl before 1.2.?), or none JNA opens
        available = false;
        return false;
      }
    }
  }
}
