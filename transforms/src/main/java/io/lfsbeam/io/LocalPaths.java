package io.lfsbeam.io;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a local path really is, whatever its spelling: a trailing slash, {@code ./}, {@code ..}
 * segments and symbolic links all resolve to one canonical absolute path, so that "is this output
 * inside that input" is answered about the folders on disk and not about the strings typed.
 *
 * <p>{@code ..} is resolved the way the operating system does it, after the symbolic link before it
 * ({@code link/..} is the parent of the link's target, not the folder holding the link). A path
 * that does not exist yet (an output folder) is canonical up to its longest existing ancestor and
 * lexical after it.
 */
public final class LocalPaths {
  private LocalPaths() {}

  /** How two canonical paths lie to each other. */
  public enum Relation {
    /** Neither holds the other. */
    APART,
    SAME,
    /** The first lies inside the second. */
    INSIDE,
    /** The first holds the second. */
    CONTAINS
  }

  /**
   * The canonical absolute form of {@code path}.
   *
   * @throws IOException when a symbolic link on the way loops or the path cannot be examined
   */
  public static Path canonical(Path path) throws IOException {
    Path p = path.toAbsolutePath();
    try {
      return p.toRealPath();
    } catch (NoSuchFileException missing) {
      Path parent = p.getParent();
      Path name = p.getFileName();
      if (parent == null || name == null) {
        return p.normalize();
      }
      Path base = canonical(parent);
      String n = name.toString();
      if (n.equals(".")) {
        return base;
      }
      if (n.equals("..")) {
        return base.getParent() == null ? base : base.getParent();
      }
      return base.resolve(n);
    } catch (FileSystemException e) {
      throw new IOException(path + ": " + reason(e), e);
    }
  }

  /** How {@code a} lies to {@code b}, both taken canonically. */
  public static Relation relation(Path a, Path b) throws IOException {
    Path ca = canonical(a);
    Path cb = canonical(b);
    if (ca.equals(cb)) {
      return Relation.SAME;
    }
    if (ca.startsWith(cb)) {
      return Relation.INSIDE;
    }
    if (cb.startsWith(ca)) {
      return Relation.CONTAINS;
    }
    return Relation.APART;
  }

  /** Whether the canonical {@code inner} is {@code outer} or lies inside it. */
  public static boolean within(Path inner, Path outer) throws IOException {
    Relation r = relation(inner, outer);
    return r == Relation.SAME || r == Relation.INSIDE;
  }

  /**
   * A file system error's own reason ("Too many levels of symbolic links", "Permission denied"),
   * without the path the exception repeats.
   */
  public static String reason(FileSystemException e) {
    String r = e.getReason();
    return r != null ? r : e.getClass().getSimpleName();
  }
}
