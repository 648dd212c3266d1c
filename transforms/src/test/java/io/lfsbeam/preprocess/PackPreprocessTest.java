package io.lfsbeam.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.image.ImageDecoder;
import io.lfsbeam.image.PngDecoder;
import io.lfsbeam.image.RgbImage;
import io.lfsbeam.insightface.ImageRecordHeader;
import io.lfsbeam.insightface.PackBuilder;
import io.lfsbeam.insightface.RecordIoFile;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pack damaged by hand through preprocess on the DirectRunner: every record accepted,
 * dead-lettered with its reason, or a duplicate ({@link PackRoundTripTest} runs the reference
 * pack).
 */
class PackPreprocessTest {
  @TempDir Path tmp;

  private static IdentitySplit allToTrain() {
    return IdentitySplit.byFractions(1, 0, 0, 1);
  }

  @Test
  void everyRecordOfADamagedPackIsAcceptedDeadLetteredOrADuplicate() throws Exception {
    PackBuilder b = new PackBuilder();
    int faces = 22;
    b.record(0, ImageRecordHeader.withLabels(0, faces + 1, faces + 1 + 4).encode(new byte[0]));
    Map<Long, byte[]> images = new TreeMap<>();
    long key = 1;
    for (int c = 0; c < 4; c++) {
      for (int i = 0; i < 3; i++, key++) {
        images.put(key, PackBuilder.png(112, 112, key));
        b.record(key, PackBuilder.face(c, key, images.get(key)));
      }
    }
    b.record(
        13, PackBuilder.face(1, 13, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1, 2, 3}));
    b.record(14, PackBuilder.face(2, 14, PackBuilder.png(100, 100, 14)));
    b.record(15, PackBuilder.face(2.5f, 15, PackBuilder.png(112, 112, 15)));
    // class in a label array (flag 1)
    images.put(16L, PackBuilder.png(112, 112, 16));
    b.record(16, ImageRecordHeader.withLabels(16, 3f).encode(images.get(16L)));
    // the magic at an aligned payload position: the record is split into parts on disk
    byte[] png17 = PackBuilder.png(112, 112, 17);
    int pad = (4 - (24 + png17.length) % 4) % 4;
    byte[] withMagic =
        ByteBuffer.allocate(png17.length + pad + 4)
            .order(ByteOrder.LITTLE_ENDIAN)
            .put(png17)
            .position(png17.length + pad)
            .putInt(RecordIoFile.MAGIC)
            .array();
    images.put(17L, withMagic);
    long at17 = b.record(17, PackBuilder.face(3, 17, withMagic));
    b.record(18, PackBuilder.face(0, 18, images.get(1L)));
    b.line("19\t" + (at17 + 4));
    long at21 = b.unindexed(PackBuilder.face(0, 21, PackBuilder.png(112, 112, 21)));
    b.line("20\t" + (at21 + 1_000_000));
    b.line("21\t" + at21);
    b.line("not an index line");
    for (int c = 0; c < 4; c++) {
      b.record(
          faces + 1 + c,
          ImageRecordHeader.withLabels(faces + 1 + c, 1 + 3 * c, 4 + 3 * c).encode(new byte[0]));
    }
    long at22 = b.record(22, PackBuilder.face(3, 22, PackBuilder.png(112, 112, 22)));
    // no property file: class names are padded for record 0's 4 identities
    Path dir = b.write(tmp.resolve("pack"), at22 + 100, null);
    PackBuilder.breakMagic(dir, at21);
    assertTrue(Files.size(dir.resolve("train.rec")) < b.size());

    PreprocessRun run =
        PreprocessRun.run(
            PreprocessFaces.fromPack(dir.toString()).withSplit(allToTrain()), tmp.resolve("out"));
    Map<String, String> reasons = new TreeMap<>();
    for (DeadLetter d : run.deadLetters) {
      reasons.put(d.getSource(), d.getReason());
    }
    Map<String, String> want = new TreeMap<>();
    want.put("13", "UNDECODABLE");
    want.put("14", "WRONG_SIZE");
    want.put("15", "BAD_LABEL");
    want.put("19", "BAD_MAGIC");
    want.put("20", "OFFSET_OUTSIDE_FILE");
    want.put("21", "BAD_MAGIC");
    want.put("22", "TRUNCATED");
    String badLine =
        reasons.keySet().stream()
            .filter(s -> s.startsWith("train.idx@"))
            .findFirst()
            .orElse("none");
    want.put(badLine, "BAD_INDEX_LINE");
    assertEquals(want, reasons);
    DeadLetter truncated =
        run.deadLetters.stream().filter(d -> d.getSource().equals("22")).findFirst().orElseThrow();
    assertTrue(truncated.getMessage().contains("byte offset " + at22), truncated.getMessage());
    assertEquals(
        List.of("18"), run.duplicates.stream().map(d -> d.getSource().toString()).toList());

    assertEquals(23, run.manifest.getInputs());
    assertEquals(
        run.manifest.getInputs(),
        run.manifest.getAccepted() + run.manifest.getDeadLettered() + run.manifest.getDuplicates());
    assertEquals(14, run.manifest.getAccepted());
    List<String> accepted = new ArrayList<>();
    for (AlignedFace f : run.faces) {
      long k = Long.parseLong(f.getSourcePath());
      accepted.add(f.getSourcePath());
      RgbImage pixels = new ImageDecoder().decode(images.get(k)).image();
      assertArrayEquals(pixels.rgb(), PngDecoder.decodeRgb(bytes(f.getImage())).rgb(), "key " + k);
      assertEquals("class-" + (k <= 12 ? (k - 1) / 3 : 3), f.getIdentity(), "key " + k);
    }
    accepted.sort(null);
    assertEquals(
        List.of("1", "10", "11", "12", "16", "17", "2", "3", "4", "5", "6", "7", "8", "9"),
        accepted);
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
