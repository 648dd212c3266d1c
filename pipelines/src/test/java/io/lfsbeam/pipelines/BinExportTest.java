package io.lfsbeam.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.evaluate.VerificationSet;
import io.lfsbeam.insightface.BinExport;
import io.lfsbeam.insightface.BinFaces;
import io.lfsbeam.insightface.VerificationBin;
import io.lfsbeam.insightface.VerificationBinWriter;
import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.VerificationPair;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A preprocess output's pairs exported as a .bin and read back: the same pairs (in fold order, so
 * insightface's consecutive blocks are their folds), the same matched flags and every face's exact
 * PNG, each face stored once.
 */
class BinExportTest {
  @TempDir Path tmp;

  @Test
  void testPairsExportAsABinThatReadsBackPairByPair() throws Exception {
    Path data = TestData.preprocessed();
    Path file = tmp.resolve("synthetic_test.bin");
    BinExport.Result r =
        BinExport.run(
            data.toString(), "test", file.toString(), VerificationBinWriter.Flavour.PYTHON3);
    List<VerificationPair> pairs =
        new ArrayList<>(AvroFiles.read(data + "/pairs/test.avro", VerificationPair.class));
    pairs.sort(Comparator.comparingInt(VerificationPair::getFold));
    assertEquals(pairs.size(), r.pairs());
    assertEquals(pairs.stream().filter(VerificationPair::getSame).count(), r.matched());

    Map<String, byte[]> png = new HashMap<>();
    for (AlignedFace f : AvroFiles.readAll(data + "/faces/*.avro", AlignedFace.class)) {
      png.put(f.getId().toString(), bytes(f.getImage()));
    }
    VerificationBin bin = VerificationBin.read(file.toString());
    assertEquals(pairs.size(), bin.pairs());
    for (int k = 0; k < pairs.size(); k++) {
      VerificationPair p = pairs.get(k);
      assertEquals(p.getSame(), bin.same(k), "pair " + k);
      assertEquals(p.getFold(), bin.fold(k), "insightface's block is the pair's fold");
      assertArrayEquals(png.get(p.getLeftId().toString()), bin.left(k));
      assertArrayEquals(png.get(p.getRightId().toString()), bin.right(k));
    }
    VerificationSet back = BinFaces.read(file.toString(), 112, 112);
    assertEquals(r.faces(), back.faces().size(), "every face once");
  }

  @Test
  void pairsNamingFacesThatAreNotInTheDataAreRefused() throws Exception {
    Path data = TestData.preprocessed();
    Path pairs = tmp.resolve("ghost.avro");
    List<VerificationPair> list = new ArrayList<>();
    for (int k = 0; k < 10; k++) {
      list.add(new VerificationPair("ghost-" + k, "ghost-" + k, true, k, null));
    }
    AvroFiles.write(pairs.toString(), VerificationPair.getClassSchema(), list);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                BinExport.run(
                    data.toString(),
                    pairs.toString(),
                    tmp.resolve("g.bin").toString(),
                    VerificationBinWriter.Flavour.PYTHON3));
    assertTrue(e.getMessage().contains("a pair names face ghost-0"), e.getMessage());
  }

  static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
