package io.lfsbeam.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.insightface.ImageRecordHeader;
import io.lfsbeam.insightface.PackBuilder;
import io.lfsbeam.schemas.DeadLetter;
import java.io.IOException;
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
    Set<Long> cut = Set.of(12L, 13L, 14L, 15L, 28L, 29L, 30L);
    long someOffset = -1;
    for (long key = 1; key <= faces; key++) {
      byte[] payload = PackBuilder.face((key - 1) % classes, key, PackBuilder.png(112, 112, key));
      if (cut.contains(key)) {
        b.unindexed(payload); // the record is there, its index line is not
      } else {
        someOffset = b.record(key, payload);
      }
    }
    for (int c = 0; c < classes; c++) {
      b.record(
          faces + 1 + c, ImageRecordHeader.withLabels(faces + 1 + c, 0, 0).encode(new byte[0]));
    }
    b.line("99\t" + someOffset);
    Path dir = b.write(tmp.resolve("pack"), -1, null);

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
    assertEquals(Set.of("12", "13", "14", "15", "28", "29", "30"), missing);
    assertEquals("UNDECLARED_KEY", reasons.get("99"));
    assertEquals(8, reasons.size(), reasons.toString());
    DeadLetter gap =
        run.deadLetters.stream().filter(d -> d.getSource().equals("13")).findFirst().orElseThrow();
    assertTrue(gap.getMessage().contains("no line for keys 12..15"), gap.getMessage());

    var m = run.manifest;
    assertEquals(30L, m.getNotes().get(InputNotes.PACK_DECLARED_FACES));
    assertEquals(23L, m.getNotes().get(InputNotes.PACK_INDEXED_FACES));
    assertEquals(7L, m.getNotes().get(InputNotes.PACK_MISSING_FROM_INDEX));
    assertEquals(23, m.getAccepted());
    assertEquals(31, m.getInputs(), "23 faces read + 7 declared but unindexed + 1 undeclared key");
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
