package io.lfsbeam.pipelines;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.lfsbeam.insightface.PackFiles;
import io.lfsbeam.options.Choice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What {@code preprocess --input} is ({@code --format}); {@link #AUTO} looks at the path. */
public enum InputFormat implements Choice {
  /** A folder holding train.rec and train.idx is a pack, another folder FOLDER, a file LIST. */
  AUTO,
  /** One sub-folder of images per identity. */
  FOLDER,
  /** A list file of {@code <path>\t<identity>} lines. */
  LIST,
  /** An insightface pack: train.rec, train.idx (and property), faces already aligned. */
  RECORDIO;

  @JsonCreator
  public static InputFormat parse(String text) {
    return Choice.parse(InputFormat.class, text);
  }

  /** This format, with {@link #AUTO} resolved by looking at {@code input}. */
  public InputFormat resolve(Path input) throws IOException {
    if (this != AUTO) {
      return this;
    }
    if (Files.isDirectory(input)) {
      return PackFiles.isPack(input.toString()) ? RECORDIO : FOLDER;
    }
    return LIST;
  }
}
