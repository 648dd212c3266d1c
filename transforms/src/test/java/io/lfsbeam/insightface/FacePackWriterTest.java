package io.lfsbeam.insightface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FacePackWriterTest {
  @TempDir Path tmp;

  @Test
  void writesRecordZeroFacesIdentitiesIndexAndPropertyAsInsightfaceLaysThemOut()
      throws IOException {
    SplittableRandom random = new SplittableRandom(2);
    int[] classes = {0, 0, 0, 1, 3, 3};
    List<byte[]> images = new ArrayList<>();
    try (FacePackWriter w = FacePackWriter.create(tmp, 112, 112)) {
      for (int c : classes) {
        byte[] image = new byte[50 + random.nextInt(100)];
        random.nextBytes(image);
        if (images.size() == 2) {
          // an image holding the magic at an aligned payload position (24 + 4k): split on disk
          image[4] = (byte) 0x0a;
          image[5] = (byte) 0x23;
          image[6] = (byte) 0xd7;
          image[7] = (byte) 0xce;
        }
        images.add(image);
        w.add(c, image);
      }
      assertThrows(IllegalArgumentException.class, () -> w.add(2, new byte[1]));
    }
    assertEquals("4,112,112\n", Files.readString(tmp.resolve("property")));
    List<PackIndex.Entry> idx = PackIndex.read(tmp.resolve("train.idx"));
    assertEquals(1 + 6 + 4, idx.size());
    for (int i = 1; i < idx.size(); i++) {
      assertEquals(i, idx.get(i).key());
      assertEquals(true, idx.get(i).offset() > idx.get(i - 1).offset(), "file order = key order");
    }
    try (FacePack pack = FacePack.open(tmp)) {
      assertEquals(PackLayout.withHeader(6, 4), pack.layout());
      List<PackedFace> faces = pack.faces();
      for (int i = 0; i < classes.length; i++) {
        assertEquals(i + 1, faces.get(i).key());
        assertEquals(classes[i], faces.get(i).classIndex());
        assertArrayEquals(images.get(i), faces.get(i).image());
      }
      float[][] ranges = {{1, 4}, {4, 5}, {5, 5}, {5, 7}};
      for (int c = 0; c < 4; c++) {
        ImageRecordHeader h = pack.header(idx.get(7 + c));
        assertEquals(7 + c, h.id());
        assertArrayEquals(ranges[c], h.labels(), "identity " + c);
      }
    }
  }
}
