package io.lfsbeam.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.schemas.DeadLetter;
import io.lfsbeam.synth.SyntheticFaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every line of a landmark file accounted for by kind in the manifest, and an image whose line is
 * bad refused for that reason (not as "no landmarks given").
 */
class LandmarkLinesTest {
  @TempDir Path tmp;

  @Test
  void badLinesAreCountedByKindAndTheirImagesSayWhy() throws Exception {
    Path root = tmp.resolve("faces");
    SyntheticFaces.builder()
        .identities(4)
        .imagesPerIdentity(3)
        .imageSize(112)
        .seed(6)
        .build()
        .write(root);
    Map<String, String> good = new HashMap<>();
    for (String line : Files.readAllLines(root.resolve("landmarks.txt"))) {
      good.put(line.substring(0, line.indexOf('\t')), line);
    }
    assertEquals(12, good.size());
    List<String> lines = new ArrayList<>();
    // id_0000: every image with a good line (one of them twice, one through './' and '\')
    lines.add(good.get("id_0000/0001.png"));
    lines.add(good.get("id_0000/0001.png"));
    lines.add(good.get("id_0000/0002.png").replace("id_0000/0002.png", ".\\id_0000\\0002.png"));
    lines.add(good.get("id_0000/0003.png"));
    // id_0001: non-finite and malformed lines only
    lines.add(replaceField(good.get("id_0001/0001.png"), 3, "nan"));
    lines.add(replaceField(good.get("id_0001/0002.png"), 10, "-Infinity"));
    lines.add(dropLastField(good.get("id_0001/0003.png")));
    // id_0002: extra column, a word, a Java float suffix; and a good line after a bad one
    lines.add(good.get("id_0002/0001.png") + "\t1");
    lines.add(replaceField(good.get("id_0002/0002.png"), 5, "left"));
    lines.add(replaceField(good.get("id_0002/0003.png"), 5, "12f"));
    lines.add(good.get("id_0003/0001.png"));
    lines.add(replaceField(good.get("id_0003/0001.png"), 2, "inf"));
    // id_0003/0002.png and 0002.png have no line at all
    // lines naming no image: good and bad ones
    lines.add(good.get("id_0000/0001.png").replace("id_0000/0001.png", "id_0009/0001.png"));
    lines.add(
        good.get("id_0000/0001.png").replace("id_0000/0001.png", "../faces/id_0000/0001.png"));
    lines.add("id_0009/0002.png\t1\t2");
    lines.add("# comment");
    lines.add("");
    Path landmarks = Files.write(tmp.resolve("landmarks.txt"), lines);

    PreprocessRun run =
        PreprocessRun.run(
            PreprocessFaces.fromFolder(root.toString())
                .withLandmarks(landmarks.toString())
                .withConfig(
                    PreprocessConfig.defaults()
                        .withMinImagesPerIdentity(1)
                        .withMatchedPairsPerFold(1))
                .withSplit(IdentitySplit.byFractions(1, 0, 0, 1)),
            tmp.resolve("out"));

    Map<String, DeadLetter> dead = new HashMap<>();
    run.deadLetters.forEach(d -> dead.put(d.getSource(), d));
    assertReason(dead, "id_0001/0001.png", "LANDMARKS_NAN", "field 3 is not finite: 'nan'");
    assertReason(dead, "id_0001/0002.png", "LANDMARKS_NAN", "'-Infinity'");
    assertReason(dead, "id_0001/0003.png", "LANDMARKS_MALFORMED", "found 10 fields");
    assertReason(dead, "id_0002/0001.png", "LANDMARKS_MALFORMED", "found 12 fields");
    assertReason(dead, "id_0002/0002.png", "LANDMARKS_MALFORMED", "'left'");
    assertReason(dead, "id_0002/0003.png", "LANDMARKS_MALFORMED", "'12f'");
    assertReason(dead, "id_0003/0002.png", "LANDMARKS_MISSING", "");
    assertReason(dead, "id_0003/0003.png", "LANDMARKS_MISSING", "");
    assertEquals(8, dead.size(), dead.keySet().toString());
    assertEquals(4, run.faces.size(), "id_0000's three and id_0003/0001.png (its good line)");

    Map<String, Long> n = run.manifest.getNotes();
    assertEquals(15L, n.get(InputNotes.LANDMARK_LINES));
    assertEquals(4L, n.get(InputNotes.LANDMARK_LINES_MATCHED));
    assertEquals(1L, n.get(InputNotes.LANDMARK_LINES_REPEATED));
    assertEquals(3L, n.get(InputNotes.LANDMARK_LINES_NON_FINITE));
    assertEquals(5L, n.get(InputNotes.LANDMARK_LINES_MALFORMED));
    assertEquals(2L, n.get(InputNotes.LANDMARK_LINES_UNMATCHED));
    assertEquals(12, run.manifest.getInputs());
    assertEquals(
        run.manifest.getInputs(),
        run.manifest.getAccepted() + run.manifest.getDeadLettered() + run.manifest.getDuplicates());
  }

  private static void assertReason(
      Map<String, DeadLetter> dead, String source, String reason, String message) {
    DeadLetter d = dead.get(source);
    assertTrue(d != null, "no dead letter for " + source);
    assertEquals(reason, d.getReason(), source);
    assertTrue(d.getMessage().contains(message), d.getMessage());
  }

  private static String replaceField(String line, int field, String value) {
    String[] f = line.split("\t");
    f[field - 1] = value;
    return String.join("\t", f);
  }

  private static String dropLastField(String line) {
    return line.substring(0, line.lastIndexOf('\t'));
  }
}
