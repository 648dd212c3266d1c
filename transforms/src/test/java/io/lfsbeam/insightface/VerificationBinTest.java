package io.lfsbeam.insightface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lfsbeam.testing.SharedData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .bin tuple: the two reference files of ../shared (both pickle flavours, written by an
 * independent writer), the writer read back by this reader and, when a Python is installed, by
 * Python's own pickle module, the fold layout, and every malformed shape.
 */
class VerificationBinTest {
  static final String ORL = "datasets/insightface_orl/";
  @TempDir Path tmp;

  static VerificationBin parse(byte[] pickle) throws IOException {
    return VerificationBin.read(new ByteArrayInputStream(pickle), pickle.length, "t.bin");
  }

  @Test
  void bothReferenceFilesGiveTheSame300PairsWith150Matched() throws IOException {
    Path py2 = SharedData.require(ORL + "orl_verify_py2.bin");
    Path py3 = SharedData.require(ORL + "orl_verify_py3.bin");
    VerificationBin a = VerificationBin.read(py2.toString());
    VerificationBin b = VerificationBin.read(py3.toString());
    assertEquals(300, a.pairs());
    assertEquals(300, b.pairs());
    assertEquals(150, a.matched());
    assertArrayEquals(a.issame(), b.issame());
    for (int k = 0; k < a.pairs(); k++) {
      assertArrayEquals(a.left(k), b.left(k), "left image of pair " + k);
      assertArrayEquals(a.right(k), b.right(k), "right image of pair " + k);
      assertEquals(0xff, a.left(k)[0] & 0xff, "JPEG (FF D8) expected");
      assertEquals(0xd8, a.left(k)[1] & 0xff);
    }
    // the Python 3 pickler memoises each distinct image once; the Python 2 file repeats them
    assertEquals(100, distinctArrays(b.images()));
    assertEquals(600, distinctArrays(a.images()));
    // the 10 folds are consecutive blocks of 30 pairs, 15 matched in each in these files
    for (int k = 0; k < 300; k++) {
      assertEquals(k / 30, a.fold(k));
    }
  }

  @Test
  void writtenBinsReadBackInBothFlavoursWithSharedImagesWrittenOnce() throws IOException {
    byte[] small = "tiny".getBytes(StandardCharsets.US_ASCII);
    byte[] large = new byte[70_000];
    for (int i = 0; i < large.length; i++) {
      large[i] = (byte) (i * 31);
    }
    // 2,003 pairs: lists cross the 1,000-item batches and end with a single APPEND
    List<byte[]> images = new ArrayList<>();
    boolean[] same = new boolean[2003];
    for (int k = 0; k < same.length; k++) {
      images.add(k % 3 == 0 ? large : small);
      images.add(new byte[] {(byte) k, (byte) (k >> 8), 1});
      same[k] = k % 7 < 3;
    }
    VerificationBin bin = VerificationBin.of(images, same);
    for (VerificationBinWriter.Flavour f : VerificationBinWriter.Flavour.values()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      VerificationBinWriter.write(bin, out, f);
      byte[] pickle = out.toByteArray();
      assertEquals(f == VerificationBinWriter.Flavour.PYTHON3 ? 3 : 2, pickle[1]);
      assertTrue(pickle.length < 70_000 * 2 + 30 * images.size(), "large written once");
      VerificationBin back = parse(pickle);
      assertEquals(bin.pairs(), back.pairs());
      assertArrayEquals(same, back.issame());
      for (int i = 0; i < images.size(); i++) {
        assertArrayEquals(images.get(i), back.images().get(i), f + " image " + i);
      }
      assertSame(back.left(0), back.left(3), "memo keeps one array for a shared image");
      assertNotSame(back.right(0), back.right(1));
    }
  }

  @Test
  void theReferenceFileWrittenAgainReadsTheSame() throws IOException {
    Path py2 = SharedData.require(ORL + "orl_verify_py2.bin");
    VerificationBin ref = VerificationBin.read(py2.toString());
    Path out = tmp.resolve("again.bin");
    VerificationBinWriter.write(ref, out.toString(), VerificationBinWriter.Flavour.PYTHON3);
    VerificationBin back = VerificationBin.read(out.toString());
    assertArrayEquals(ref.issame(), back.issame());
    for (int i = 0; i < ref.images().size(); i++) {
      assertArrayEquals(ref.images().get(i), back.images().get(i));
    }
    try (var files = Files.list(tmp)) {
      assertEquals(List.of(out), files.toList(), "no temporary file left behind");
    }
  }

  /**
   * Python's own pickle module reads what the writer wrote: plain {@code pickle.load} for the
   * Python 3 form, {@code encoding='bytes'} (as arcface_torch loads the published sets) for both.
   */
  @Test
  void pythonsPickleModuleReadsBothWrittenFlavours() throws Exception {
    Path python = Paths.get("/usr/bin/python3");
    assumeTrue(Files.isExecutable(python), "skipped: no /usr/bin/python3 to cross-check with");
    List<byte[]> images = new ArrayList<>();
    boolean[] same = new boolean[1001];
    byte[] shared = new byte[300];
    for (int k = 0; k < same.length; k++) {
      images.add(shared);
      images.add(("img" + k).getBytes(StandardCharsets.US_ASCII));
      same[k] = k % 2 == 0;
    }
    VerificationBin bin = VerificationBin.of(images, same);
    for (VerificationBinWriter.Flavour f : VerificationBinWriter.Flavour.values()) {
      Path file = tmp.resolve(f + ".bin");
      VerificationBinWriter.write(bin, file.toString(), f);
      String script =
          "import pickle,sys\n"
              + "kw = {} if sys.argv[2] == 'PYTHON3' else {'encoding': 'bytes'}\n"
              + "b, s = pickle.load(open(sys.argv[1], 'rb'), **kw)\n"
              + "assert type(b) is list and type(s) is list and all(type(x) is bytes for x in b)\n"
              + "print(len(b), sum(s), b[3].decode(), b[0] is b[2], len(b[0]))\n";
      Process p =
          new ProcessBuilder(python.toString(), "-c", script, file.toString(), f.name())
              .redirectErrorStream(true)
              .start();
      String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), printed);
      assertEquals("2002 501 img1 True 300", printed.strip());
    }
  }

  @Test
  void foldsAreScikitLearnsConsecutiveKFoldBlocks() {
    // 6,000 pairs (LFW): 10 blocks of 600; 7,001: the first fold one larger; 23: 3,3,3,2,...
    assertEquals(0, VerificationBin.foldOf(599, 6000, 10));
    assertEquals(1, VerificationBin.foldOf(600, 6000, 10));
    assertEquals(9, VerificationBin.foldOf(5999, 6000, 10));
    assertEquals(0, VerificationBin.foldOf(700, 7001, 10));
    assertEquals(1, VerificationBin.foldOf(701, 7001, 10));
    int[] sizes = new int[10];
    for (int k = 0; k < 23; k++) {
      sizes[VerificationBin.foldOf(k, 23, 10)]++;
    }
    assertArrayEquals(new int[] {3, 3, 3, 2, 2, 2, 2, 2, 2, 2}, sizes);
    int previous = 0;
    for (int k = 0; k < 23; k++) {
      int f = VerificationBin.foldOf(k, 23, 10);
      assertTrue(f == previous || f == previous + 1, "consecutive");
      previous = f;
    }
  }

  @Test
  void malformedTuplesFailWithOneLineSayingWhatTheFileHolds() {
    byte[] img = {1, 2};
    assertMalformed(
        PickleBytes.proto(2).op(PickleOpcode.EMPTY_LIST).op(PickleOpcode.STOP).toBytes(),
        "holds a list of 0, not the 2-tuple (bins, issame)");
    assertMalformed(
        PickleBytes.proto(2)
            .op(PickleOpcode.EMPTY_LIST)
            .op(PickleOpcode.EMPTY_LIST)
            .op(PickleOpcode.EMPTY_LIST)
            .op(PickleOpcode.TUPLE3)
            .op(PickleOpcode.STOP)
            .toBytes(),
        "holds a 3-tuple, not the 2-tuple");
    assertMalformed(
        PickleBytes.binTuple(3, new byte[][] {img, img, img}, new boolean[] {true}).toBytes(),
        "bins holds 3 images, an odd count");
    assertMalformed(
        PickleBytes.binTuple(3, new byte[][] {img, img}, new boolean[] {true, false}).toBytes(),
        "bins holds 2 images for 1 pairs but issame has 2 flags");
    assertMalformed(
        PickleBytes.proto(2)
            .bytes(img)
            .op(PickleOpcode.EMPTY_LIST)
            .op(PickleOpcode.TUPLE2)
            .op(PickleOpcode.STOP)
            .toBytes(),
        "bins is a byte string of 2 bytes, not a list");
    assertMalformed(
        PickleBytes.proto(2)
            .op(PickleOpcode.EMPTY_LIST)
            .op(PickleOpcode.MARK)
            .bytes(img)
            .op(PickleOpcode.NEWTRUE)
            .op(PickleOpcode.APPENDS)
            .op(PickleOpcode.EMPTY_LIST)
            .op(PickleOpcode.NEWTRUE)
            .op(PickleOpcode.APPEND)
            .op(PickleOpcode.TUPLE2)
            .op(PickleOpcode.STOP)
            .toBytes(),
        "bins[1] is a boolean, not the bytes of an encoded image");
    assertMalformed(
        PickleBytes.proto(2)
            .op(PickleOpcode.EMPTY_LIST)
            .op(PickleOpcode.MARK)
            .bytes(img)
            .bytes(img)
            .op(PickleOpcode.APPENDS)
            .op(PickleOpcode.EMPTY_LIST)
            .bytes(img)
            .op(PickleOpcode.APPEND)
            .op(PickleOpcode.TUPLE2)
            .op(PickleOpcode.STOP)
            .toBytes(),
        "issame[0] is a byte string of 2 bytes, not a boolean");
    assertMalformed(
        PickleBytes.binTuple(3, new byte[][] {img, {}}, new boolean[] {true}).toBytes(),
        "bins[1] is a byte string of 0 bytes, not the bytes of an encoded image");
  }

  @Test
  void aTruncatedReferenceFileIsReportedAsTruncated() throws IOException {
    Path py3 = SharedData.require(ORL + "orl_verify_py3.bin");
    byte[] whole = Files.readAllBytes(py3);
    for (int cut : new int[] {1, 1000, whole.length / 2, whole.length - 1}) {
      Path part = tmp.resolve("cut-" + cut + ".bin");
      Files.write(part, Arrays.copyOf(whole, cut));
      VerificationBinException e =
          assertThrows(VerificationBinException.class, () -> VerificationBin.read(part.toString()));
      assertTrue(e.getMessage().startsWith(part.getFileName() + ": "), e.getMessage());
      assertTrue(e.getMessage().contains("truncated?"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"));
    }
  }

  @Test
  void ofRefusesCountsThatDoNotPair() {
    assertThrows(
        IllegalArgumentException.class,
        () -> VerificationBin.of(List.of(new byte[] {1}), new boolean[] {true}));
  }

  static void assertMalformed(byte[] pickle, String expected) {
    VerificationBinException e = assertThrows(VerificationBinException.class, () -> parse(pickle));
    assertTrue(e.getMessage().startsWith("t.bin: "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  static int distinctArrays(List<byte[]> images) {
    Set<byte[]> s = Collections.newSetFromMap(new IdentityHashMap<>());
    s.addAll(images);
    return s.size();
  }
}
