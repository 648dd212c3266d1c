package io.lfsbeam.insightface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.image.DecodeResult;
import io.lfsbeam.image.ImageDecoder;
import io.lfsbeam.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reference pack in ../shared/datasets/insightface_orl (written by an independent writer): 300
 * faces of the first 30 ORL folders in name order, 10 each, record 0 and 30 identity records.
 */
class ReferencePackTest {
  static Path dir;
  static Map<Integer, String> classes;

  @BeforeAll
  static void locate() throws IOException {
    dir = SharedData.require("datasets/insightface_orl");
    classes = new TreeMap<>();
    for (String line : Files.readAllLines(dir.resolve("classes.tsv"))) {
      String[] f = line.split("\t");
      classes.put(Integer.parseInt(f[0]), f[1]);
    }
  }

  @Test
  void reads300FacesIn30ClassesWhoseLabelsMatchClassesTsv() throws IOException {
    try (FacePack pack = FacePack.open(dir)) {
      assertEquals(PackLayout.withHeader(300, 30), pack.layout());
      assertEquals(new PackProperty(30, 112, 112), pack.property().orElseThrow());
      List<PackedFace> faces = pack.faces();
      assertEquals(300, faces.size());
      Map<Integer, Integer> perClass = new TreeMap<>();
      ImageDecoder decoder = new ImageDecoder();
      for (PackedFace f : faces) {
        perClass.merge(f.classIndex(), 1, Integer::sum);
        // faces are written in class order, 10 per folder
        assertEquals((f.key() - 1) / 10, f.classIndex(), "key " + f.key());
        DecodeResult d = decoder.decode(f.image());
        assertTrue(d.isDecoded(), "key " + f.key() + ": " + d);
        assertEquals("jpeg", d.format());
        assertEquals(112, d.image().width());
        assertEquals(112, d.image().height());
      }
      assertEquals(classes.keySet(), perClass.keySet());
      perClass.values().forEach(n -> assertEquals(10, n));
    }
  }

  /** classes.tsv names the first 30 ORL folders in name order, as the README says. */
  @Test
  void classesAreTheFirstThirtyOrlFoldersInNameOrder() throws IOException {
    Path orl = SharedData.require("datasets/orl_faces");
    List<String> folders;
    try (Stream<Path> s = Files.list(orl)) {
      folders = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertEquals(folders.subList(0, 30), new ArrayList<>(classes.values()));
  }

  @Test
  void identityRecordsCoverEachClassesKeys() throws IOException {
    try (FacePack pack = FacePack.open(dir)) {
      for (PackIndex.Entry e : pack.entries()) {
        if (e.key() <= 300) {
          continue;
        }
        ImageRecordHeader h = pack.header(e);
        int c = (int) e.key() - 301;
        assertEquals(2, h.flag());
        assertArrayEquals(new float[] {1 + 10 * c, 11 + 10 * c}, h.labels(), "identity " + c);
      }
    }
  }
}
