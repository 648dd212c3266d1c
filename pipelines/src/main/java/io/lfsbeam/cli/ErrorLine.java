package io.lfsbeam.cli;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.regex.Pattern;

/**
 * The one line a failed run ends with: what failed, from the exception and its deepest cause.
 *
 * <p>Java's file-system exceptions carry only the path as their message ({@code
 * AccessDeniedException: /x/y} printed as "error: /x/y"); they are described by what the exception
 * means ("permission denied: /x/y"). A wrapper's message that merely repeats its cause's ("{@code
 * java.lang.IllegalStateException: ...}") is not repeated.
 */
final class ErrorLine {
  private static final Pattern CLASS_PREFIX =
      Pattern.compile("^(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error): ");

  private ErrorLine() {}

  static String of(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String top = describe(e);
    if (root == e) {
      return top;
    }
    String cause = describe(root);
    if (top.contains(cause)) {
      return top;
    }
    if (cause.contains(top)) {
      return cause;
    }
    return top + " (cause: " + cause + ")";
  }

  /** One exception in words. */
  static String describe(Throwable t) {
    if (t.getCause() != null
        && (t.getMessage() == null
            || t.getMessage().equals(t.getCause().toString())
            || (t instanceof UncheckedIOException && isBare(t.getMessage())))) {
      // a wrapper that only carries its cause (new X(cause) takes the cause's toString())
      return describe(t.getCause());
    }
    if (t instanceof FileSystemException f) {
      return describeFile(f);
    }
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return t.getClass().getSimpleName();
    }
    m = CLASS_PREFIX.matcher(m.strip()).replaceFirst("");
    if (t instanceof FileNotFoundException && isBare(m)) {
      return "no such file or folder: " + m;
    }
    if (isBare(m)) {
      // a message that is only a name or path says nothing about what happened to it
      return t.getClass().getSimpleName() + ": " + m;
    }
    return m;
  }

  private static String describeFile(FileSystemException f) {
    String file = f.getFile() == null ? "(no file named)" : f.getFile();
    String other = f.getOtherFile() == null ? "" : " -> " + f.getOtherFile();
    if (f instanceof NoSuchFileException) {
      return "no such file or folder: " + file + other;
    }
    if (f instanceof AccessDeniedException) {
      return "permission denied: " + file + other;
    }
    if (f instanceof FileAlreadyExistsException) {
      return file + " already exists" + other;
    }
    if (f instanceof NotDirectoryException) {
      return "not a folder: " + file;
    }
    if (f instanceof DirectoryNotEmptyException) {
      return "folder not empty: " + file;
    }
    return file
        + other
        + ": "
        + (f.getReason() == null ? f.getClass().getSimpleName() : f.getReason());
  }

  /** A message without a space: a bare path or name. */
  private static boolean isBare(String m) {
    return m != null && !m.isBlank() && !m.strip().contains(" ");
  }
}
