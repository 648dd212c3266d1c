package io.lfsbeam.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.AlignmentMethod;
import io.lfsbeam.schemas.Split;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding aligned-face PNGs to RGB bytes, and the face array file used by child processes. */
class InMemoryTrainingDataTest {
  @TempDir Path dir;

  private static byte[] png(int w, int h, int seed) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, ((x * 7 + seed) & 0xFF) << 16 | ((y * 5) & 0xFF) << 8 | (seed * 3 & 0xFF));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static AlignedFace face(int label, byte[] png) {
    return AlignedFace.newBuilder()
        .setId("f" + label)
        .setIdentity("person" + label)
        .setLabel(label)
        .setSplit(Split.TRAIN)
        .setSourcePath("p/" + label + ".jpg")
        .setImage(ByteBuffer.wrap(png))
        .setWidth(6)
        .setHeight(4)
        .setAlignment(AlignmentMethod.LANDMARKS)
        .setContentHash("00")
        .build();
  }

  @Test
  void decodesAlignedFacesToInterleavedRgb() throws IOException {
    InMemoryTrainingData d =
        InMemoryTrainingData.fromAlignedFaces(
            List.of(face(0, png(6, 4, 1)), face(2, png(6, 4, 9))));
    assertEquals(2, d.size());
    assertEquals(3, d.numClasses(), "labels 0..2");
    assertEquals(2, d.label(1));
    byte[] px = new byte[d.imageBytes()];
    d.copyPixels(1, px, 0);
    int x = 3;
    int y = 2;
    int o = (y * 6 + x) * 3;
    assertEquals((x * 7 + 9) & 0xFF, px[o] & 0xFF);
    assertEquals((y * 5) & 0xFF, px[o + 1] & 0xFF);
    assertEquals(27, px[o + 2] & 0xFF);
    assertThrows(
        IOException.class,
        () -> InMemoryTrainingData.fromEncoded(List.of(png(5, 4, 1)), new int[] {0}, 1, 4, 6),
        "wrong size is refused");
  }

  @Test
  void faceArrayFileRoundTrips() throws IOException {
    InMemoryTrainingData d = SyntheticFaces.make(3, 2, 8, 4);
    String uri = dir.resolve("faces.bin").toString();
    FaceArrayFile.write(d, uri);
    InMemoryTrainingData back = FaceArrayFile.read(uri);
    assertEquals(d.size(), back.size());
    assertEquals(d.numClasses(), back.numClasses());
    for (int i = 0; i < d.size(); i++) {
      byte[] a = new byte[d.imageBytes()];
      byte[] b = new byte[d.imageBytes()];
      d.copyPixels(i, a, 0);
      back.copyPixels(i, b, 0);
      assertArrayEquals(a, b);
      assertEquals(d.label(i), back.label(i));
    }
  }
}
