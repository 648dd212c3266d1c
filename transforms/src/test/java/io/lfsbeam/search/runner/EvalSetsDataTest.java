package io.lfsbeam.search.runner;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.VerificationPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a search needs from its data is checked before it trains (issue 25, class 5: a search
 * without val pairs and without {@code --valBin} trained every candidate and then ended "every
 * candidate failed: #0 OK").
 */
class EvalSetsDataTest {
  @TempDir Path tmp;

  private static List<VerificationPair> pairs(int n) {
    List<VerificationPair> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          VerificationPair.newBuilder()
              .setLeftId("a" + i)
              .setRightId("b" + i)
              .setSame(i % 2 == 0)
              .setFold(i % 10)
              .setGroup(null)
              .build());
    }
    return out;
  }

  /** A preprocess output with train faces (an empty shard will do) and the given pair files. */
  private Path data(String name, Integer valPairs, Integer testPairs) throws Exception {
    Path d = tmp.resolve(name);
    Files.createDirectories(d.resolve("faces"));
    AvroFiles.write(
        d.resolve("faces/train-00000-of-00001.avro").toString(),
        AlignedFace.getClassSchema(),
        List.<AlignedFace>of());
    if (valPairs != null) {
      AvroFiles.write(
          d.resolve("pairs/val.avro").toString(),
          VerificationPair.getClassSchema(),
          pairs(valPairs));
    }
    if (testPairs != null) {
      AvroFiles.write(
          d.resolve("pairs/test.avro").toString(),
          VerificationPair.getClassSchema(),
          pairs(testPairs));
    }
    return d;
  }

  private static String refusal(EvalSets sets, Path data) {
    return assertThrows(IllegalArgumentException.class, () -> sets.checkData(data.toString()))
        .getMessage();
  }

  @Test
  void missingOrEmptyValPairsAreRefusedUnlessABinRewards() throws Exception {
    EvalSets pairsOnly = EvalSets.preprocessPairs();
    // no pairs/val.avro at all, and one that holds no pair: both spellings of "no val pairs"
    for (Path d : List.of(data("noval", null, 20), data("emptyval", 0, 20))) {
      String m = refusal(pairsOnly, d);
      assertTrue(m.contains("has no val pairs (pairs/val.avro)"), m);
      assertTrue(m.contains("give --valBin="), m);
      assertDoesNotThrow(() -> EvalSets.of("/sets/lfw.bin", null).checkData(d.toString()));
    }
  }

  @Test
  void missingTestPairsAreRefusedUnlessTestBinsAreGiven() throws Exception {
    for (Path d : List.of(data("notest", 20, null), data("emptytest", 20, 0))) {
      String m = refusal(EvalSets.preprocessPairs(), d);
      assertTrue(m.contains("has no test pairs (pairs/test.avro)"), m);
      assertTrue(m.contains("give --testBins="), m);
      assertDoesNotThrow(() -> EvalSets.of(null, "/sets/lfw.bin").checkData(d.toString()));
    }
    assertDoesNotThrow(() -> EvalSets.preprocessPairs().checkData(data("both", 20, 20).toString()));
  }

  @Test
  void aFolderWithoutTrainFacesIsRefused() throws Exception {
    Path d = Files.createDirectories(tmp.resolve("not-data"));
    String m = refusal(EvalSets.preprocessPairs(), d);
    assertTrue(m.contains("has no train faces (faces/train-*.avro)"), m);
  }
}
