package io.lfsbeam.insightface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.image.PngEncoder;
import io.lfsbeam.image.RgbImage;
import io.lfsbeam.schemas.VerificationPair;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile .bin files cost work bounded by their size (issue 25, class 5), and the check a driver
 * makes looks at every image, not only the first.
 */
class BinBoundedWorkTest {
  @TempDir Path tmp;

  /** One image of {@code size} bytes (not an image at all: only hashing and pairing are timed). */
  private static byte[] blob(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i * 31 + 7);
    }
    return b;
  }

  /**
   * A pickle whose bins list names one image {@code refs} times through the memo, in one of the two
   * forms real files take: Python 2 (BINSTRING, BINPUT, BINGET) or Python 3 (BINBYTES, MEMOIZE,
   * LONG_BINGET).
   */
  private static byte[] memoBomb(boolean python2, byte[] image, int refs) {
    PickleBytes p =
        PickleBytes.proto(python2 ? 2 : 4).op(PickleOpcode.EMPTY_LIST).op(PickleOpcode.MARK);
    if (python2) {
      p.string(image).op(PickleOpcode.BINPUT).u8(0);
    } else {
      p.bytes(image).op(PickleOpcode.MEMOIZE);
    }
    for (int i = 1; i < refs; i++) {
      if (python2) {
        p.op(PickleOpcode.BINGET).u8(0);
      } else {
        p.op(PickleOpcode.LONG_BINGET).u32(0);
      }
    }
    p.op(PickleOpcode.APPENDS).op(PickleOpcode.EMPTY_LIST).op(PickleOpcode.MARK);
    for (int k = 0; k < refs / 2; k++) {
      p.op(k % 2 == 0 ? PickleOpcode.NEWTRUE : PickleOpcode.NEWFALSE);
    }
    return p.op(PickleOpcode.APPENDS).op(PickleOpcode.TUPLE2).op(PickleOpcode.STOP).toBytes();
  }

  @Test
  void oneImageNamedHundredsOfThousandsOfTimesIsHashedOnceInEitherPickleForm() {
    // 400,000 references to one 1 MB image: hashing per reference is 400 GB of work (minutes to
    // hours); hashing per distinct array is 1 MB
    byte[] image = blob(1 << 20);
    int refs = 400_000;
    for (boolean python2 : new boolean[] {true, false}) {
      byte[] file = memoBomb(python2, image, refs);
      assertTrue(file.length < 4 << 20, "a file of " + file.length + " bytes");
      assertTimeoutPreemptively(
          Duration.ofSeconds(30),
          () -> {
            VerificationBin bin =
                VerificationBin.read(new ByteArrayInputStream(file), file.length, "bomb.bin");
            assertEquals(refs / 2, bin.pairs());
            assertEquals(List.of(0), BinFaces.distinctImages(bin));
            List<VerificationPair> pairs = BinFaces.pairs("bomb", bin);
            assertEquals(refs / 2, pairs.size());
            assertEquals("bomb/000000", pairs.get(refs / 2 - 1).getRightId().toString());
          },
          python2 ? "Python 2 form" : "Python 3 form");
    }
  }

  @Test
  void theDriversCheckOfSuchAFileEndsQuicklyNamingTheImage() throws IOException {
    Path bomb = tmp.resolve("bomb.bin");
    Files.write(bomb, memoBomb(false, blob(1 << 20), 200_000));
    IllegalArgumentException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () ->
                assertThrows(
                    IllegalArgumentException.class,
                    () -> BinFaces.check(bomb.toString(), 112, 112)));
    assertTrue(
        e.getMessage().startsWith("bomb.bin image 0 (pair 0) cannot be decoded"), e.getMessage());
  }

  @Test
  void equalImagesInDistinctArraysAreStillOneFace() {
    byte[] a = blob(5000);
    byte[] b = a.clone();
    byte[] c = blob(4999);
    List<byte[]> images = new ArrayList<>();
    boolean[] same = new boolean[10];
    for (int k = 0; k < 10; k++) {
      images.add(k % 2 == 0 ? a : b);
      images.add(c);
    }
    VerificationBin bin = VerificationBin.of(images, same);
    assertEquals(List.of(0, 1), BinFaces.distinctImages(bin));
  }

  /**
   * A .bin of 8×8 faces with one bad image at {@code at}, written to a file as lfs export writes
   * one.
   */
  private Path withBadImage(String name, int at, byte[] bad) throws IOException {
    byte[] face = PngEncoder.encode(new RgbImage(new byte[8 * 8 * 3], 8, 8));
    List<byte[]> images = new ArrayList<>();
    boolean[] same = new boolean[10];
    for (int i = 0; i < 20; i++) {
      images.add(i == at ? bad : face);
    }
    Path file = tmp.resolve(name + ".bin");
    VerificationBinWriter.write(
        VerificationBin.of(images, same), file.toString(), VerificationBinWriter.Flavour.PYTHON3);
    return file;
  }

  @Test
  void everyImageIsCheckedNotOnlyTheFirst() throws IOException {
    byte[] face = PngEncoder.encode(new RgbImage(new byte[8 * 8 * 3], 8, 8));
    byte[] narrow = PngEncoder.encode(new RgbImage(new byte[6 * 8 * 3], 6, 8));
    byte[] truncated = Arrays.copyOf(face, face.length / 2);
    byte[] notAnImage = {1, 2, 3, 4};
    Object[][] cases = {
      {1, notAnImage, "cannot be decoded"},
      {7, narrow, "is 6x8 but the model takes 8x8"},
      {12, truncated, "cannot be decoded"},
      {19, narrow, "is 6x8 but the model takes 8x8"},
    };
    for (Object[] c : cases) {
      int at = (int) c[0];
      Path file = withBadImage("bad" + at, at, (byte[]) c[1]);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> BinFaces.check(file.toString(), 8, 8));
      String expected = "bad" + at + ".bin image " + at + " (pair " + at / 2 + ") " + c[2];
      assertTrue(e.getMessage().startsWith(expected), expected + " / " + e.getMessage());
    }
    assertEquals(10, BinFaces.check(withBadImage("good", -1, face).toString(), 8, 8));
  }
}
