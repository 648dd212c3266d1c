package io.lfsbeam.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.insightface.ImageRecordHeader;
import io.lfsbeam.insightface.PackBuilder;
import io.lfsbeam.schemas.DeadLetter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a pack's record 0 declares against what its index holds: face keys with no .idx line (cut
 * from the middle, truncated at the end) are dead letters, keys beyond the declaration too, and the
 * manifest says declared against indexed.
 */
class PackIndexShortfallTest {
  @TempDir Path tmp;

  @Test
  void declaredFacesMissingFromTheIndexAreDeadLettersNotSilence() throws Exception {
    int faces = 30;
    int classes = 5;
    PackBuilder b = new PackBuilder();
    b.record(
        0, ImageRecordHeader.withLabels(0, faces + 1, faces + 1 + classes).encode(new byte[0]));
    Map<Long, Long> offsets = new TreeMap<>();
    for (long key = 1; key <= faces; key++) {
      offsets.put(
          key,
          b.unindexed(PackBuilder.face((key - 1) % classes, key, PackBuilder.png(112, 112, key))));
    }
    for (int c = 0; c < classes; c++) {
      b.record(
          faces + 1 + c, ImageRecordHeader.withLabels(faces + 1 + c, 0, 0).encode(new byte[0]));
    }
    // keys 12..15 cut from the middle of the index, a key record 0 does not declare, and the
    // index truncated inside the line of key 28 (29 and 30 lost with it)
    for (long key = 1; key <= 27; key++) {
      if (key < 12 || key > 15) {
        b.line(key + "\t" + offsets.get(key));
      }
    }
    b.line("99\t" + offsets.get(1L));
    String line28 = "28\t" + offsets.get(28L);
    b.line(line28).line("29\t" + offsets.get(29L)).line("30\t" + offsets.get(30L));
    Path dir = b.write(tmp.resolve("pack"), -1, null);
    Path idx = dir.resolve("train.idx");
    String text = Files.readString(idx);
    int cutAt = text.indexOf(line28) + 5; // "28\t" and two digits of the offset
    Files.writeString(idx, text.substring(0, cutAt));

    PreprocessRun run =
        PreprocessRun.run(
            PreprocessFaces.fromPack(dir.toString())
                .withSplit(IdentitySplit.byFractions(1, 0, 0, 1))
                .withConfig(
                    PreprocessConfig.defaults()
                        .withAlignment(io.lfsbeam.schemas.AlignmentMethod.NONE)
                        .withMinImagesPerIdentity(1)),
            tmp.resolve("out"));

    Map<String, String> reasons = new TreeMap<>();
    for (DeadLetter d : run.deadLetters) {
      reasons.put(d.getSource(), d.getReason());
    }
    Set<String> missing = new TreeSet<>();
    reasons.forEach(
        (source, reason) -> {
          if (reason.equals("MISSING_FROM_INDEX")) {
            missing.add(source);
          }
        });
    assertEquals(Set.of("12", "13", "14", "15", "29", "30"), missing);
    assertEquals("UNDECLARED_KEY", reasons.get("99"));
    assertEquals("BAD_MAGIC", reasons.get("28"), "its line lost the end of its offset");
    assertEquals(8, reasons.size(), reasons.toString());
    DeadLetter gap =
        run.deadLetters.stream().filter(d -> d.getSource().equals("13")).findFirst().orElseThrow();
    assertTrue(gap.getMessage().contains("no line for keys 12..15"), gap.getMessage());

    var m = run.manifest;
    assertEquals(30L, m.getNotes().get(InputNotes.PACK_DECLARED_FACES));
    assertEquals(24L, m.getNotes().get(InputNotes.PACK_INDEXED_FACES));
    assertEquals(6L, m.getNotes().get(InputNotes.PACK_MISSING_FROM_INDEX));
    assertEquals(23, m.getAccepted());
    assertEquals(31, m.getInputs(), "24 indexed faces + 6 declared but unindexed + 1 undeclared");
    assertEquals(m.getInputs(), m.getAccepted() + m.getDeadLettered() + m.getDuplicates());
  }

  @Test
  void aDeclarationTheRecFileCannotHoldIsRefused() throws Exception {
    PackBuilder b = new PackBuilder();
    b.record(0, ImageRecordHeader.withLabels(0, 1_000_001, 1_000_002).encode(new byte[0]));
    b.record(1, PackBuilder.face(0, 1, PackBuilder.png(112, 112, 1)));
    Path dir = b.write(tmp.resolve("forged"), -1, null);
    IOException e =
        assertThrows(IOException.class, () -> PackFaces.checkDeclarable(dir.toString(), 1_000_000));
    assertTrue(e.getMessage().contains("declares 1,000,000 faces"), e.getMessage());
    PackFaces.checkDeclarable(dir.toString(), 1); // one face fits
  }
}
