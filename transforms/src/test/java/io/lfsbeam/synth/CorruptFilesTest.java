package io.lfsbeam.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorruptFilesTest {
  @TempDir Path tmp;

  @Test
  void writesListedBrokenFilesOfEveryKindBesideTheGoodOnes() throws IOException {
    SyntheticFaces.Result result =
        SyntheticFaces.builder()
            .identities(10)
            .imagesPerIdentity(5)
            .seed(7)
            .corruptFraction(0.1)
            .build()
            .write(tmp);
    assertEquals(5, result.corruptFiles());
    assertEquals(50, result.images());

    List<String> lines = Files.readAllLines(tmp.resolve("corrupt.txt"), StandardCharsets.UTF_8);
    assertEquals(5, lines.size());
    String landmarks = Files.readString(tmp.resolve("landmarks.txt"));
    Set<CorruptKind> seen = EnumSet.noneOf(CorruptKind.class);
    byte[] goodPng = Files.readAllBytes(tmp.resolve("id_0000/0001.png"));
    for (String line : lines) {
      String[] f = line.split("\t");
      assertEquals(2, f.length, line);
      Path file = tmp.resolve(f[0]);
      CorruptKind kind = CorruptKind.valueOf(f[1]);
      seen.add(kind);
      assertTrue(Files.isRegularFile(file), f[0]);
      assertTrue(f[0].matches("id_\\d{4}/\\d{4}\\.png"), "looks like any other image: " + f[0]);
      assertFalse(landmarks.contains(f[0] + "\t"), "broken files have no landmarks: " + f[0]);
      byte[] bytes = Files.readAllBytes(file);
      switch (kind) {
        case ZERO_BYTES -> assertEquals(0, bytes.length);
        case TRUNCATED -> {
          assertTrue(
              bytes.length > 0 && bytes.length < goodPng.length / 2, "shorter than a real file");
          assertTrue(readFails(bytes), "truncated PNG must not decode");
        }
        case NOT_AN_IMAGE -> {
          assertTrue(bytes.length > 0);
          assertNull(ImageIO.read(new ByteArrayInputStream(bytes)), "no reader recognises text");
        }
        case TOO_MANY_PIXELS -> assertHugePng(bytes);
        default -> throw new AssertionError(kind);
      }
    }
    assertEquals(EnumSet.allOf(CorruptKind.class), seen);
    assertEquals(
        50,
        SyntheticFacesTest.imageFiles(tmp, "png").size() - 5,
        "5 broken files on top of 50 good ones");
  }

  @Test
  void hugeJpegDeclaresTheHugeFrameSize() throws IOException {
    BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
    byte[] huge =
        CorruptFiles.make(
            CorruptKind.TOO_MANY_PIXELS, ImageFormat.JPG.encode(img), ImageFormat.JPG);
    int[] size = headerSize(huge);
    assertArrayEquals(new int[] {CorruptFiles.HUGE_SIDE, CorruptFiles.HUGE_SIDE}, size);
  }

  @Test
  void truncatedJpegIsShorterAndStartsLikeAJpeg() {
    BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    byte[] valid = ImageFormat.JPG.encode(img);
    byte[] cut = CorruptFiles.make(CorruptKind.TRUNCATED, valid, ImageFormat.JPG);
    assertTrue(cut.length < valid.length);
    assertEquals(0xFF, cut[0] & 0xFF);
    assertEquals(0xD8, cut[1] & 0xFF);
  }

  /**
   * The IHDR declares 60000×60000, its CRC is valid, and a reader sees that size from the header.
   */
  private static void assertHugePng(byte[] png) throws IOException {
    assertArrayEquals(
        new int[] {CorruptFiles.HUGE_SIDE, CorruptFiles.HUGE_SIDE},
        CorruptFiles.pngHeaderSize(png));
    CRC32 crc = new CRC32();
    crc.update(png, 12, 17);
    long stored =
        ((png[29] & 0xFFL) << 24)
            | ((png[30] & 0xFFL) << 16)
            | ((png[31] & 0xFFL) << 8)
            | (png[32] & 0xFFL);
    assertEquals(crc.getValue(), stored, "IHDR CRC");
    assertArrayEquals(new int[] {CorruptFiles.HUGE_SIDE, CorruptFiles.HUGE_SIDE}, headerSize(png));
  }

  private static int[] headerSize(byte[] bytes) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      assertTrue(readers.hasNext(), "recognised as an image by its header");
      ImageReader reader = readers.next();
      try {
        reader.setInput(in);
        return new int[] {reader.getWidth(0), reader.getHeight(0)};
      } finally {
        reader.dispose();
      }
    }
  }

  private static boolean readFails(byte[] bytes) {
    try {
      return ImageIO.read(new ByteArrayInputStream(bytes)) == null;
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }
}
