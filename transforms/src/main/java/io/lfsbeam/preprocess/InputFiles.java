package io.lfsbeam.preprocess;

import io.lfsbeam.io.LocalPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.beam.sdk.io.FileSystems;

/**
 * Reads a listed image, only from inside its input root. The symbolic-link policy lives here and in
 * {@link ListFaceImages}'s folder walk: a link (to an image or to an identity folder) is followed
 * when its target resolves inside the input root, and refused otherwise ({@link
 * InputRefusal#SYMLINK_OUTSIDE_INPUT}); a chain of links that never ends is {@link
 * InputRefusal#SYMLINK_LOOP}. The input root itself may be a link (it is the place the user named).
 * Only regular files are read, so a named pipe or a device never blocks or floods a worker.
 *
 * <p>On other Beam file systems (gs://, s3://) there are no links; there the relative path's
 * segments are checked ({@link InputPaths#escapes}) and the object is opened through Beam.
 */
public final class InputFiles {
  private InputFiles() {}

  /**
   * The bytes of {@code relativePath} under {@code root}, at most {@code cap} of them.
   *
   * @throws InputRefusedException when the input rules refuse the file
   * @throws IOException when it cannot be read, or is larger than {@code cap}
   */
  public static byte[] read(String root, String relativePath, long cap) throws IOException {
    if (root.equals(FaceImages.NO_ROOT)) {
      // a reference the caller listed (FaceImages.of): its path is the whole URI, read as given;
      // the caller's own read chose it, there is no input root to keep it inside
      try (InputStream in =
          Channels.newInputStream(
              FileSystems.open(FileSystems.matchNewResource(relativePath, false)))) {
        return capped(in, cap);
      }
    }
    String escape = InputPaths.escapes(relativePath);
    if (escape != null) {
      throw new InputRefusedException(InputRefusal.PATH_OUTSIDE_INPUT, escape);
    }
    if (!InputPaths.isLocal(root)) {
      String uri = root.endsWith("/") ? root + relativePath : root + "/" + relativePath;
      try (InputStream in =
          Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(uri, false)))) {
        return capped(in, cap);
      }
    }
    Path real = resolveInside(root, relativePath);
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(relativePath + " is not a regular file");
    }
    try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
      return capped(in, cap);
    }
  }

  /**
   * The real path of {@code relativePath} under the local {@code root}, checked to lie inside the
   * root's real path.
   *
   * @throws InputRefusedException for a link out of the root or a loop of links
   * @throws NoSuchFileException when there is no such file (or a link's target is missing)
   */
  static Path resolveInside(String root, String relativePath) throws IOException {
    Path realRoot = realRoot(root);
    Path file = InputPaths.localPath(root).resolve(relativePath);
    Path real = realPath(file, relativePath);
    if (!real.startsWith(realRoot)) {
      throw new InputRefusedException(
          InputRefusal.SYMLINK_OUTSIDE_INPUT,
          relativePath + ": a symbolic link leaves the input (it resolves to " + real + ")");
    }
    return real;
  }

  /**
   * {@code file.toRealPath()}, with a loop of links as {@link InputRefusal#SYMLINK_LOOP}.
   *
   * @throws NoSuchFileException when the file or a link's target does not exist
   */
  static Path realPath(Path file, String shownAs) throws IOException {
    try {
      return file.toRealPath();
    } catch (NoSuchFileException missing) {
      throw new NoSuchFileException(
          shownAs
              + (Files.isSymbolicLink(file)
                  ? ": a symbolic link whose target does not exist"
                  : ": no such file"));
    } catch (FileSystemException e) {
      String reason = LocalPaths.reason(e);
      if (reason.contains("symbolic link")) {
        throw new InputRefusedException(
            InputRefusal.SYMLINK_LOOP, shownAs + ": symbolic links loop (" + reason + ")");
      }
      throw new IOException(shownAs + ": " + reason, e);
    }
  }

  /** The root's real path (looked up per image: a root re-pointed between runs is followed). */
  static Path realRoot(String root) throws IOException {
    return InputPaths.localPath(root).toRealPath();
  }

  /**
   * Reads at most {@code cap} bytes; more is an error (a file no image within the pixel limit could
   * be).
   */
  private static byte[] capped(InputStream in, long cap) throws IOException {
    byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, cap) + 1);
    if (b.length > cap) {
      throw new IOException(
          "file larger than " + cap + " bytes, beyond any image within the pixel limit");
    }
    return b;
  }
}
