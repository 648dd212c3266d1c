package io.lfsbeam.insightface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.evaluate.EvaluateModel;
import io.lfsbeam.evaluate.VerificationSet;
import io.lfsbeam.image.ImageDecoder;
import io.lfsbeam.image.PngEncoder;
import io.lfsbeam.image.RgbImage;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.VerificationPair;
import io.lfsbeam.testing.FastDirectRunner;
import io.lfsbeam.testing.SharedData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A .bin as a verification set: the ORL reference files give 100 distinct 112×112 faces whose
 * pixels are the decoded JPEGs, pairs that keep the file's order and folds; the Beam source gives
 * exactly what the plain conversion gives; wrong sizes, undecodable images and too few pairs fail
 * with one line.
 */
class BinFacesTest {
  static final String ORL = "datasets/insightface_orl/";
  @TempDir Path tmp;

  @Test
  void theReferenceBinsBecomeOneSetOf100FacesAnd300PairsInFileOrder() throws IOException {
    Path py2 = SharedData.require(ORL + "orl_verify_py2.bin");
    Path py3 = SharedData.require(ORL + "orl_verify_py3.bin");
    VerificationBin bin = VerificationBin.read(py2.toString());
    VerificationSet a = BinFaces.read(py2.toString(), 112, 112);
    VerificationSet b = BinFaces.read(py3.toString(), 112, 112);
    assertEquals("orl_verify_py2", a.name());
    assertEquals(100, a.faces().size(), "equal images are one face");
    assertEquals(100, b.faces().size());
    assertEquals(300, a.pairs().size());
    Map<String, AlignedFace> byId = new HashMap<>();
    a.faces().forEach(f -> byId.put(f.getId().toString(), f));
    ImageDecoder decoder = new ImageDecoder();
    for (int k = 0; k < 300; k++) {
      VerificationPair p = a.pairs().get(k);
      VerificationPair q = b.pairs().get(k);
      assertEquals(bin.same(k), p.getSame(), "pair " + k + " keeps its place");
      assertEquals(k / 30, p.getFold());
      assertEquals(p.getSame(), q.getSame());
      assertEquals(p.getFold(), q.getFold());
      // the face a pair names holds exactly the decoded pixels of that pair's image
      AlignedFace left = byId.get(p.getLeftId().toString());
      byte[] png = bytes(left.getImage());
      assertArrayEquals(
          decoder.decode(bin.left(k)).image().rgb(), decoder.decode(png).image().rgb());
      assertEquals(112, left.getWidth());
      assertEquals(-1, left.getLabel());
    }
    // both flavours name the same faces (first occurrences of equal bytes) in the same pairs
    for (int k = 0; k < 300; k++) {
      assertEquals(
          a.pairs().get(k).getLeftId().toString().replace("py2", "py3"),
          b.pairs().get(k).getLeftId().toString());
    }
  }

  @Test
  void theBeamSourceGivesWhatThePlainConversionGives() throws IOException {
    Path py3 = SharedData.require(ORL + "orl_verify_py3.bin");
    VerificationSet expected = BinFaces.read(py3.toString(), 112, 112);
    Pipeline p = Pipeline.create(FastDirectRunner.options());
    PCollectionTuple read = p.apply(ReadVerificationBin.from(py3.toString()));
    PAssert.that(read.get(EvaluateModel.FACES)).containsInAnyOrder(expected.faces());
    PAssert.that(read.get(EvaluateModel.PAIRS)).containsInAnyOrder(expected.pairs());
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
  }

  @Test
  void imagesOfAnotherSizeAreRefusedWithOneLine() throws IOException {
    Path py3 = SharedData.require(ORL + "orl_verify_py3.bin");
    assertEquals(300, BinFaces.check(py3.toString(), 112, 112));
    assertThrows(IllegalArgumentException.class, () -> BinFaces.check(py3.toString(), 112, 96));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BinFaces.read(py3.toString(), 112, 96));
    assertEquals(
        "orl_verify_py3.bin image 0 (pair 0) is 112x112 but the model takes 96x112: the faces of a"
            + " .bin must already be aligned to the model's input size",
        e.getMessage());
  }

  @Test
  void undecodableImagesAndTooFewPairsAreRefusedWithOneLine() throws IOException {
    byte[] face = PngEncoder.encode(new RgbImage(new byte[8 * 8 * 3], 8, 8));
    List<byte[]> images = new ArrayList<>();
    boolean[] same = new boolean[10];
    for (int k = 0; k < 10; k++) {
      images.add(face);
      images.add(k == 7 ? new byte[] {1, 2, 3, 4} : face);
      same[k] = k % 2 == 0;
    }
    VerificationBin bin = VerificationBin.of(images, same);
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> BinFaces.toSet("x", bin, 8, 8));
    assertTrue(
        bad.getMessage().startsWith("x.bin image 15 (pair 7) cannot be decoded: NOT_AN_IMAGE: "),
        bad.getMessage());

    VerificationBin few = VerificationBin.of(images.subList(0, 18), new boolean[9]);
    IllegalArgumentException small =
        assertThrows(IllegalArgumentException.class, () -> BinFaces.toSet("x", few, 8, 8));
    assertEquals("x: 9 pairs are too few for the 10-fold protocol", small.getMessage());

    // a written-and-read .bin of valid images becomes a set of one face
    images.set(15, face);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    VerificationBinWriter.write(
        VerificationBin.of(images, same), out, VerificationBinWriter.Flavour.PYTHON3);
    VerificationSet set =
        BinFaces.toSet(
            "x",
            VerificationBin.read(new ByteArrayInputStream(out.toByteArray()), out.size(), "x.bin"),
            8,
            8);
    assertEquals(1, set.faces().size());
    assertEquals("x/000000", set.faces().get(0).getId().toString());
  }

  @Test
  void aSetWrittenAsBinReadsBackWithTheSamePairsFoldsAndPixels() throws IOException {
    Path py3 = SharedData.require(ORL + "orl_verify_py3.bin");
    VerificationSet set = BinFaces.read(py3.toString(), 112, 112);
    VerificationBin bin = BinFaces.toBin(set);
    Path file = tmp.resolve("again.bin");
    VerificationBinWriter.write(bin, file.toString(), VerificationBinWriter.Flavour.PYTHON2);
    VerificationSet back = BinFaces.read(file.toString(), 112, 112);
    assertEquals(100, back.faces().size(), "each face stored once");
    Map<String, AlignedFace> before = new HashMap<>();
    set.faces().forEach(f -> before.put(f.getId().toString(), f));
    Map<String, AlignedFace> after = new HashMap<>();
    back.faces().forEach(f -> after.put(f.getId().toString(), f));
    for (int k = 0; k < 300; k++) {
      VerificationPair p = set.pairs().get(k);
      VerificationPair q = back.pairs().get(k);
      assertEquals(p.getSame(), q.getSame());
      assertEquals(p.getFold(), q.getFold());
      assertArrayEquals(
          bytes(before.get(p.getLeftId().toString()).getImage()),
          bytes(after.get(q.getLeftId().toString()).getImage()),
          "PNG in, the same PNG out");
    }
  }

  @Test
  void setsWhoseFoldsInsightfaceWouldCutDifferentlyAreNotWritten() {
    AlignedFace f =
        BinFaces.face("s", 0, PngEncoder.encode(new RgbImage(new byte[12], 2, 2)), 2, 2);
    List<VerificationPair> pairs = new ArrayList<>();
    for (int k = 0; k < 20; k++) {
      // fold 0 holds 3 pairs, fold 9 one: KFold would cut 2 + 2 + ...
      int fold = k < 3 ? 0 : k == 19 ? 9 : 1 + (k - 3) / 2;
      pairs.add(new VerificationPair(f.getId(), f.getId(), k % 2 == 0, Math.min(fold, 9), null));
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BinFaces.toBin(VerificationSet.of("s", List.of(f), pairs)));
    assertTrue(
        e.getMessage().startsWith("s: pair 2 of 20 is in fold 0, but insightface"), e.getMessage());
  }

  @Test
  void setNamesAreTheFileNamesWithoutExtension() {
    assertEquals("lfw", BinFaces.setName("/data/faces_emore/lfw.bin"));
    assertEquals("cfp_fp", BinFaces.setName("gs://bucket/x/cfp_fp.bin"));
    assertEquals("agedb_30", BinFaces.setName("agedb_30.bin"));
    assertEquals("plain", BinFaces.setName("plain"));
    assertEquals("lfw.v2", BinFaces.setName("/data/lfw.v2.bin"));
  }

  /**
   * A set name names output folders, so a file name that gives no plain one is refused: dots that
   * would name the output or its parent, a hidden name, a backslash (literal in a Linux file name,
   * a separator elsewhere), a control character, nothing at all.
   */
  @Test
  void fileNamesThatCannotNameAFolderAreRefused() {
    String[][] cases = {
      {"/data/...bin", "'..'", "starts with a dot"},
      {"/data/..bin", "'.'", "starts with a dot"},
      {"/data/.hidden.bin", "'.hidden'", "starts with a dot"},
      {"/data/..\\..\\x.bin", "'..\\..\\x'", "starts with a dot"},
      {"/data/a\\b.bin", "'a\\b'", "holds '\\'"},
      {"/data/lfw\n.bin", "'lfw\\u000A'", "holds 'U+000A'"},
      {"/data/", "''", "is empty"},
    };
    for (String[] c : cases) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> BinFaces.setName(c[0]), c[0]);
      assertTrue(e.getMessage().contains("set name " + c[1]), e.getMessage());
      assertTrue(e.getMessage().contains(c[2]), e.getMessage());
    }
  }

  static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
