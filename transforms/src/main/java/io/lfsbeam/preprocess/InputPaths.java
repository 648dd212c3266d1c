package io.lfsbeam.preprocess;

import io.lfsbeam.align.LandmarkFile;
import io.lfsbeam.io.LocalPaths;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Pattern;

/**
 * What a path of the input may name: every image read lies inside the input root (the dataset
 * folder, or the folder of a list file), whatever the spelling. Names on disk are literal (a file
 * named {@code ..\..\x.png} is one file of its identity folder, not a way out); paths written in a
 * list file are relative to the list's folder, backslashes taken as separators, {@code .} and
 * {@code a/..} resolved, and refused ({@link InputRefusal#PATH_OUTSIDE_INPUT}) when they climb
 * above the folder, are absolute elsewhere, name a URI ({@code file:}, {@code gs://}) or a Windows
 * drive. Percent signs are never decoded: {@code %2e%2e} is a name. Symbolic links are {@link
 * InputFiles}'s concern.
 */
public final class InputPaths {
  private static final Pattern URI_SCHEME =
      Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*|^file:.*");
  private static final Pattern WINDOWS_DRIVE = Pattern.compile("^[A-Za-z]:([/\\\\].*)?$");

  private InputPaths() {}

  /** Whether {@code root} is a local path (no scheme, or {@code file:}). */
  public static boolean isLocal(String root) {
    return !URI_SCHEME.matcher(root).matches() || root.startsWith("file:");
  }

  /** A local root as a {@link Path} ({@code file:} URIs decoded once, here, for the root only). */
  public static Path localPath(String root) {
    return root.startsWith("file:") ? Paths.get(URI.create(root)) : Paths.get(root);
  }

  /**
   * The relative path that a list file's {@code written} path names under {@code root} (the list's
   * folder), with '/' separators.
   *
   * @throws InputRefusedException {@link InputRefusal#BAD_PATH} or {@link
   *     InputRefusal#PATH_OUTSIDE_INPUT}, with the reason
   */
  public static String listed(String root, String written) throws InputRefusedException {
    String t = written.strip();
    if (t.isEmpty()) {
      throw new InputRefusedException(InputRefusal.BAD_PATH, "the path is empty");
    }
    for (int i = 0; i < t.length(); i++) {
      if (Character.isISOControl(t.charAt(i))) {
        throw new InputRefusedException(
            InputRefusal.BAD_PATH,
            String.format("the path holds the control character U+%04X", (int) t.charAt(i)));
      }
    }
    if (URI_SCHEME.matcher(t).matches()) {
      throw outside(t, "is a URI; a list names paths relative to its own folder");
    }
    if (WINDOWS_DRIVE.matcher(t).matches()) {
      throw outside(t, "is a Windows drive path; a list names paths relative to its own folder");
    }
    String n = LandmarkFile.normalise(t);
    if (n.startsWith("/")) {
      String inside = isLocal(root) ? underLocalRoot(localPath(root), n) : null;
      if (inside == null) {
        throw outside(t, "is an absolute path outside the list's folder " + root);
      }
      n = inside;
    }
    if (n.equals("..") || n.startsWith("../")) {
      throw outside(t, "climbs out of the list's folder with '..'");
    }
    if (n.isEmpty()) {
      throw new InputRefusedException(
          InputRefusal.BAD_PATH, "'" + t + "' names the list's folder itself");
    }
    return n;
  }

  /**
   * {@code absolute} relative to {@code root} when it lies inside it, as written or once both are
   * canonical (symbolic links resolved); else null.
   */
  private static String underLocalRoot(Path root, String absolute) {
    Path a = Paths.get(absolute);
    Path r = root.toAbsolutePath().normalize();
    if (a.startsWith(r) && !a.equals(r)) {
      return LandmarkFile.normalise(r.relativize(a).toString());
    }
    try {
      Path ca = LocalPaths.canonical(a);
      Path cr = LocalPaths.canonical(r);
      return ca.startsWith(cr) && !ca.equals(cr)
          ? LandmarkFile.normalise(cr.relativize(ca).toString())
          : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Why {@code relative} (a listed image's path under its root) could name something outside the
   * root, or null: it must be non-empty, not absolute, and have no {@code .} or {@code ..} segment.
   * Backslashes are literal characters here.
   */
  public static String escapes(String relative) {
    if (relative.isEmpty() || relative.startsWith("/")) {
      return "'" + relative + "' is not a path relative to the input";
    }
    for (String s : relative.split("/", -1)) {
      if (s.isEmpty() || s.equals(".") || s.equals("..")) {
        return "'" + relative + "' has a '" + s + "' segment";
      }
    }
    return null;
  }

  private static InputRefusedException outside(String path, String why) {
    return new InputRefusedException(InputRefusal.PATH_OUTSIDE_INPUT, "'" + path + "' " + why);
  }
}
