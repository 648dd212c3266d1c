package io.lfsbeam.preprocess;

import io.lfsbeam.insightface.PackFiles;
import io.lfsbeam.insightface.PackIndex;
import io.lfsbeam.insightface.PackLayout;
import io.lfsbeam.insightface.PackRecordException;
import io.lfsbeam.insightface.RecordIoFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one empty-input rule, asked of every input kind before any pipeline is built: an input with
 * no entry to account for (an empty folder or one whose identity folders are empty, a list of only
 * blank and comment lines, a pack whose files are empty or whose index names no face) is refused
 * with one line. Each check stops at the first entry it finds, so a large input costs a few reads.
 * An entry that will be refused later (a broken file, a bad line) counts: it is an input.
 */
public final class EmptyInput {
  private EmptyInput() {}

  /** Why the folder input holds nothing, or null. */
  public static String folder(Path root) throws IOException {
    boolean anyFolder = false;
    Path realRoot = root.toRealPath();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path e : entries) {
        if (!Files.isDirectory(e)) {
          continue;
        }
        anyFolder = true;
        Path folder = e;
        if (Files.isSymbolicLink(e)) {
          try {
            folder = InputFiles.realPath(e, e.getFileName().toString());
          } catch (IOException loop) {
            return null; // a dead letter SYMLINK_LOOP
          }
          if (!folder.startsWith(realRoot) || folder.equals(realRoot)) {
            return null; // a dead letter; the folder behind it is not looked into
          }
        }
        try (DirectoryStream<Path> images = Files.newDirectoryStream(folder)) {
          for (Path image : images) {
            if (!Files.isDirectory(image, LinkOption.NOFOLLOW_LINKS)) {
              return null;
            }
          }
        } catch (IOException unreadable) {
          return null; // the listing reports it as a dead letter
        }
      }
    }
    return anyFolder
        ? "an empty folder: its identity folders hold no files"
        : "an empty folder: no identity folders";
  }

  /** Why the list file names nothing, or null. */
  public static String list(Path list) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(list, StandardCharsets.ISO_8859_1)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          return null;
        }
      }
    }
    return "an empty list: no '<path>\\t<identity>' line";
  }

  /**
   * Why the pack holds no face, or null (also when its record 0 cannot be read: reading the pack
   * reports that).
   */
  public static String pack(Path dir) throws IOException {
    Path rec = dir.resolve(RecordIoFile.REC);
    Path idx = dir.resolve(RecordIoFile.IDX);
    if (Files.size(rec) == 0) {
      return "an empty pack: " + RecordIoFile.REC + " is 0 bytes";
    }
    if (Files.size(idx) == 0) {
      return "an empty pack: " + RecordIoFile.IDX + " is 0 bytes";
    }
    PackLayout layout;
    try {
      layout = PackFiles.readLayout(dir.toString());
    } catch (IOException unreadable) {
      return null;
    }
    try (PackIndex.Lines lines =
        new PackIndex.Lines(FileChannel.open(idx, StandardOpenOption.READ), 0)) {
      for (String line = lines.next(); line != null; line = lines.next()) {
        try {
          PackIndex.Entry e = PackIndex.parse(line);
          if (e != null && (layout.isFace(e.key()) || !layout.isDeclared(e.key()))) {
            return null;
          }
        } catch (PackRecordException bad) {
          return null; // a bad line is an input (a dead letter)
        }
      }
    }
    if (!layout.hasHeader()) {
      return "an empty pack: " + RecordIoFile.IDX + " names no record";
    }
    return layout.declaredFaces() == 0
        ? "an empty pack: record 0 declares no faces"
        : "an empty pack: "
            + RecordIoFile.IDX
            + " names none of the "
            + layout.declaredFaces()
            + " faces record 0 declares";
  }
}
