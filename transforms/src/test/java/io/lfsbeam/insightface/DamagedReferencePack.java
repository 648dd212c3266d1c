package io.lfsbeam.insightface;

import io.lfsbeam.testing.SharedData;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A copy of the reference pack (../shared/datasets/insightface_orl) with three kinds of damage, for
 * tests that need real faces and dead letters: record 5's magic overwritten ({@code BAD_MAGIC}), an
 * .idx line that is not one ({@code BAD_INDEX_LINE}), and train.rec cut inside face 300 ({@code
 * TRUNCATED}; the identity records after it are lost, which costs no face).
 */
public final class DamagedReferencePack {
  /** Faces left readable: 300 minus record 5 and record 300. */
  public static final int READABLE_FACES = 298;

  /** Inputs: the 300 face keys and the bad .idx line. */
  public static final int INPUTS = 301;

  private DamagedReferencePack() {}

  /** Writes the damaged copy into {@code dir}; skips the test when the reference pack is absent. */
  public static Path write(Path dir) throws IOException {
    Path reference = SharedData.require("datasets/insightface_orl");
    Files.createDirectories(dir);
    for (String f : new String[] {RecordIoFile.REC, RecordIoFile.IDX, RecordIoFile.PROPERTY}) {
      Files.copy(reference.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
      dir.resolve(f).toFile().setWritable(true);
    }
    List<PackIndex.Entry> idx = PackIndex.read(dir.resolve(RecordIoFile.IDX));
    PackBuilder.breakMagic(dir, idx.get(5).offset());
    try (FileChannel rec =
        FileChannel.open(dir.resolve(RecordIoFile.REC), StandardOpenOption.WRITE)) {
      rec.truncate(idx.get(300).offset() + 100);
    }
    Files.writeString(dir.resolve(RecordIoFile.IDX), "17 x\n", StandardOpenOption.APPEND);
    return dir;
  }
}
