package io.lfsbeam.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.io.TextFiles;
import io.lfsbeam.report.PairOutcomes.PairFaces;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.AlignmentMethod;
import io.lfsbeam.schemas.Split;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairIdentitiesTest {
  @TempDir Path dir;

  /** Named identities: one cluster per person, in order of first appearance. */
  @Test
  void namedIdentities() {
    List<PairFaces> pairs =
        List.of(
            new PairFaces("f1", "f2", true),
            new PairFaces("f3", "f4", false),
            new PairFaces("f4", "f5", true));
    Map<String, String> who =
        Map.of("f1", "ann", "f2", "ann", "f3", "ann", "f4", "bob", "f5", "bob");
    int[][] c = PairIdentities.clusters(pairs, who);
    assertArrayEquals(new int[] {0, 0, 1}, c[0]);
    assertArrayEquals(new int[] {0, 1, 1}, c[1]);
  }

  /**
   * Without names (a .bin set), matched pairs join their faces: f1–f2 and f2–f3 are one person, f4
   * and f5 (only in a mismatched pair) stay apart.
   */
  @Test
  void matchedPairsJoinFacesWithoutNames() {
    List<PairFaces> pairs =
        List.of(
            new PairFaces("f1", "f2", true),
            new PairFaces("f2", "f3", true),
            new PairFaces("f3", "f4", false),
            new PairFaces("f5", "f1", false));
    int[][] c = PairIdentities.clusters(pairs, Map.of("f1", "ann"));
    assertEquals(c[0][0], c[1][0]);
    assertEquals(c[0][0], c[1][1]);
    assertEquals(c[0][0], c[0][2]);
    assertTrue(c[1][2] != c[0][2] && c[0][3] != c[1][3] && c[1][2] != c[0][3]);
    assertEquals(c[0][0], c[1][3], "f1 is the first pair's person");
  }

  /** The test faces' identities come from the run's data folder, images left undecoded. */
  @Test
  void loadsTheTestFacesIdentitiesFromTheDataFolder() throws Exception {
    String data = dir.resolve("data").toString();
    AvroFiles.write(
        data + "/faces/test-00000-of-00001.avro",
        AlignedFace.getClassSchema(),
        List.of(face("a1", "ann"), face("b1", "bob")));
    AvroFiles.write(
        data + "/faces/val-00000-of-00001.avro",
        AlignedFace.getClassSchema(),
        List.of(face("c1", "cid")));
    String run = dir.resolve("run").toString();
    TextFiles.write(run + "/search_config.tsv", "seed\t1\ndata\t" + data + "\n");
    assertEquals(Map.of("a1", "ann", "b1", "bob"), PairIdentities.load(run, "test"));
    assertEquals(Map.of(), PairIdentities.load(run, "lfw"), "a .bin set has no faces folder");
  }

  private static AlignedFace face(String id, String identity) {
    return AlignedFace.newBuilder()
        .setId(id)
        .setIdentity(identity)
        .setLabel(0)
        .setSplit(Split.TEST)
        .setSourcePath(identity + "/" + id + ".png")
        .setImage(ByteBuffer.wrap(new byte[] {1, 2, 3}))
        .setWidth(112)
        .setHeight(112)
        .setAlignment(AlignmentMethod.LANDMARKS)
        .setContentHash("00")
        .build();
  }
}
