package io.lfsbeam.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.AlignmentMethod;
import io.lfsbeam.schemas.DeadLetter;
import io.lfsbeam.synth.SyntheticFaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image list file ({@code <path>\t<identity>}) as input, with center-crop alignment and a
 * malformed line.
 */
class ListFileInputTest {
  @TempDir Path tmp;

  @Test
  void listFileLinesBecomeFacesOrDeadLetters() throws Exception {
    Path faces = tmp.resolve("faces");
    SyntheticFaces.builder()
        .identities(6)
        .imagesPerIdentity(3)
        .imageSize(96)
        .seed(9)
        .build()
        .write(faces);
    List<String> lines = new ArrayList<>();
    try (var s = Files.walk(faces, 2)) {
      s.filter(p -> p.toString().endsWith(".png") && p.getNameCount() - faces.getNameCount() == 2)
          .sorted()
          .forEach(p -> lines.add(faces.relativize(p) + "\tperson_" + p.getParent().getFileName()));
    }
    lines.add("# a comment line is not an input");
    lines.add("id_0000/0001.png");
    Path list = faces.resolve("list.txt");
    Files.write(list, lines);

    PreprocessRun run =
        PreprocessRun.run(
            PreprocessFaces.fromList(list.toString())
                .withConfig(
                    PreprocessConfig.defaults()
                        .withAlignment(AlignmentMethod.CENTER_CROP)
                        .withCropScale(0.8)
                        .withMatchedPairsPerFold(2)),
            tmp.resolve("out"));
    assertEquals(19, run.manifest.getInputs(), "18 images and one malformed line");
    assertEquals(18, run.faces.size());
    assertEquals(1, run.deadLetters.size());
    DeadLetter bad = run.deadLetters.get(0);
    assertEquals("BAD_LIST_LINE", bad.getReason());
    assertEquals("ingest", bad.getStage());
    for (AlignedFace f : run.faces) {
      assertTrue(f.getIdentity().startsWith("person_id_"), f.getIdentity());
      assertEquals(AlignmentMethod.CENTER_CROP, f.getAlignment());
      assertEquals(112, f.getWidth());
    }
  }
}
