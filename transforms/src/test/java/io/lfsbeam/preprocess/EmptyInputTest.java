package io.lfsbeam.preprocess;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.insightface.ImageRecordHeader;
import io.lfsbeam.insightface.PackBuilder;
import io.lfsbeam.insightface.RecordIoFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One empty-input rule for folders, lists and packs; anything that is an input is not empty. */
class EmptyInputTest {
  @TempDir Path tmp;

  private static void assertEmpty(String reason, String expected) {
    assertTrue(reason != null && reason.contains(expected), String.valueOf(reason));
  }

  @Test
  void folders() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    assertEmpty(EmptyInput.folder(root), "no identity folders");
    Files.writeString(root.resolve("landmarks.txt"), "a line");
    assertEmpty(EmptyInput.folder(root), "no identity folders");
    Files.createDirectories(root.resolve("id_a/deeper"));
    Files.createDirectories(root.resolve("id_b"));
    assertEmpty(EmptyInput.folder(root), "identity folders hold no files");
    Files.writeString(root.resolve("id_b/broken.png"), "");
    assertNull(EmptyInput.folder(root), "a 0-byte file is an input (a dead letter)");

    Path viaLink = Files.createDirectories(tmp.resolve("via-link"));
    Path faces = Files.createDirectories(tmp.resolve("faces"));
    Files.writeString(faces.resolve("1.png"), "x");
    Files.createSymbolicLink(viaLink.resolve("id"), faces);
    assertNull(EmptyInput.folder(viaLink), "a linked identity folder's file is an input");
    Path linkOut = Files.createDirectories(root.resolve("../link-out"));
    Files.createDirectories(linkOut.resolve("id_a"));
    Files.createSymbolicLink(linkOut.resolve("out"), Files.createDirectories(tmp.resolve("o")));
    assertNull(EmptyInput.folder(linkOut), "a link out of the input is an input (a dead letter)");
  }

  @Test
  void lists() throws Exception {
    Path list = Files.writeString(tmp.resolve("list.txt"), "");
    assertEmpty(EmptyInput.list(list), "an empty list");
    Files.writeString(list, "# header\n\n   \n# a/b.png\tx\n");
    assertEmpty(EmptyInput.list(list), "an empty list");
    Files.writeString(list, "# header\nnot a list line\n");
    assertNull(EmptyInput.list(list), "a malformed line is an input (a dead letter)");
  }

  @Test
  void packs() throws Exception {
    Path zero = Files.createDirectories(tmp.resolve("zero"));
    Files.write(zero.resolve(RecordIoFile.REC), new byte[0]);
    Files.write(zero.resolve(RecordIoFile.IDX), new byte[0]);
    assertEmpty(EmptyInput.pack(zero), "train.rec is 0 bytes");

    PackBuilder header = new PackBuilder();
    header.record(0, ImageRecordHeader.withLabels(0, 1, 1).encode(new byte[0]));
    assertEmpty(
        EmptyInput.pack(header.write(tmp.resolve("header"), -1, null)), "declares no faces");

    PackBuilder cut = new PackBuilder();
    cut.record(0, ImageRecordHeader.withLabels(0, 4, 5).encode(new byte[0]));
    for (long key = 1; key <= 3; key++) {
      cut.unindexed(PackBuilder.face(0, key, PackBuilder.png(8, 8, key)));
    }
    assertEmpty(
        EmptyInput.pack(cut.write(tmp.resolve("cut"), -1, null)),
        "train.idx names none of the 3 faces record 0 declares");

    PackBuilder identitiesOnly = new PackBuilder();
    identitiesOnly.record(0, ImageRecordHeader.withLabels(0, 1, 3).encode(new byte[0]));
    identitiesOnly.record(1, ImageRecordHeader.withLabels(1, 0, 0).encode(new byte[0]));
    identitiesOnly.record(2, ImageRecordHeader.withLabels(2, 0, 0).encode(new byte[0]));
    assertEmpty(
        EmptyInput.pack(identitiesOnly.write(tmp.resolve("ids"), -1, null)), "declares no faces");

    PackBuilder badLine = new PackBuilder();
    badLine.record(0, ImageRecordHeader.withLabels(0, 3, 3).encode(new byte[0]));
    badLine.line("1\tnot-an-offset");
    assertNull(
        EmptyInput.pack(badLine.write(tmp.resolve("bad"), -1, null)),
        "a bad index line is an input (a dead letter)");
  }
}
