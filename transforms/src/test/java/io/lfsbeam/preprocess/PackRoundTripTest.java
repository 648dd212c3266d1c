package io.lfsbeam.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.image.ImageDecoder;
import io.lfsbeam.image.PngDecoder;
import io.lfsbeam.image.RgbImage;
import io.lfsbeam.insightface.FacePack;
import io.lfsbeam.insightface.PackClassNames;
import io.lfsbeam.insightface.PackExport;
import io.lfsbeam.insightface.PackImageFormat;
import io.lfsbeam.insightface.PackLayout;
import io.lfsbeam.insightface.PackProperty;
import io.lfsbeam.insightface.PackedFace;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.AlignmentMethod;
import io.lfsbeam.schemas.Split;
import io.lfsbeam.testing.SharedData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reference pack → preprocess → export → read back (and → preprocess again): the same faces with
 * the same classes, pixel for pixel, since export stores the preprocess PNGs unchanged.
 */
class PackRoundTripTest {
  @TempDir static Path tmp;
  static Path reference;
  static PreprocessRun first;
  static Path exported;

  @BeforeAll
  static void preprocessAndExport() throws Exception {
    reference = SharedData.require("datasets/insightface_orl");
    first =
        PreprocessRun.run(
            PreprocessFaces.fromPack(reference.toString())
                .withSplit(IdentitySplit.byFractions(1, 0, 0, 1)),
            tmp.resolve("first"));
    exported = tmp.resolve("exported");
    PackExport.builder().setData(first.output.toString()).setOutput(exported).build().run();
  }

  @Test
  void theReferencePackKeepsEveryFacePixelForPixelWithItsClass() throws Exception {
    Path dir = reference;
    PreprocessRun run = first;
    assertEquals(300, run.manifest.getInputs());
    assertEquals(300, run.manifest.getAccepted());
    assertEquals(30, run.manifest.getIdentities());
    assertEquals(300L, run.manifest.getCountsPerSplit().get("train"));
    assertEquals(0L, run.manifest.getCountsPerSplit().get("val"));
    ImageDecoder decoder = new ImageDecoder();
    Map<String, AlignedFace> byPath = new HashMap<>();
    run.faces.forEach(f -> byPath.put(f.getSourcePath(), f));
    try (FacePack pack = FacePack.open(dir)) {
      for (PackedFace p : pack.faces()) {
        AlignedFace f = byPath.get(Long.toString(p.key()));
        assertEquals(String.format("class-%02d", p.classIndex()), f.getIdentity());
        // zero-padded names sort in class order, so labels are the pack's classes
        assertEquals(p.classIndex(), f.getLabel());
        assertEquals(Split.TRAIN, f.getSplit());
        assertEquals(AlignmentMethod.NONE, f.getAlignment());
        RgbImage want = decoder.decode(p.image()).image();
        RgbImage got = PngDecoder.decodeRgb(bytes(f.getImage()));
        assertArrayEquals(want.rgb(), got.rgb(), "key " + p.key());
      }
    }
  }

  /** Per class, the sorted hex SHA-256 of every face's decoded pixels. */
  private static Map<Integer, List<String>> pixelsByClass(Path pack) throws IOException {
    Map<Integer, List<String>> out = new TreeMap<>();
    ImageDecoder decoder = new ImageDecoder();
    try (FacePack p = FacePack.open(pack)) {
      for (PackedFace f : p.faces()) {
        out.computeIfAbsent(f.classIndex(), k -> new ArrayList<>())
            .add(hash(decoder.decode(f.image()).image()));
      }
    }
    out.values().forEach(l -> l.sort(null));
    return out;
  }

  private static String hash(RgbImage image) {
    return HexFormat.of().formatHex(StableHash.sha256(image.rgb()));
  }

  @Test
  void theExportedPackHoldsTheReferenceFacesPixelForPixelInTheSameClasses() throws IOException {
    try (FacePack p = FacePack.open(exported)) {
      assertEquals(PackLayout.withHeader(300, 30), p.layout());
      assertEquals(new PackProperty(30, 112, 112), p.property().orElseThrow());
    }
    assertEquals(pixelsByClass(reference), pixelsByClass(exported));
  }

  @Test
  void everyExportedFaceIsItsPreprocessRecordWithItsLabelAndName() throws IOException {
    PackClassNames names =
        PackClassNames.parse(Files.readString(exported.resolve(PackExport.CLASS_NAMES)));
    Map<String, AlignedFace> byPixels = new TreeMap<>();
    for (AlignedFace f : first.faces) {
      byPixels.put(hash(PngDecoder.decodeRgb(bytes(f.getImage()))), f);
    }
    try (FacePack p = FacePack.open(exported)) {
      List<PackedFace> faces = p.faces();
      assertEquals(first.faces.size(), faces.size());
      for (PackedFace f : faces) {
        AlignedFace original = byPixels.remove(hash(PngDecoder.decodeRgb(f.image())));
        assertEquals(original.getLabel(), f.classIndex(), "key " + f.key());
        assertEquals(original.getIdentity(), names.nameOf(f.classIndex()));
        assertArrayEquals(bytes(original.getImage()), f.image(), "PNG bytes stored unchanged");
      }
    }
    assertTrue(byPixels.isEmpty(), "every face exported once");
  }

  @Test
  void theExportedPackPreprocessesToTheSameFaces() throws Exception {
    PreprocessRun second =
        PreprocessRun.run(
            PreprocessFaces.fromPack(exported.toString())
                .withClassNames(exported.resolve(PackExport.CLASS_NAMES).toString())
                .withSplit(IdentitySplit.byFractions(1, 0, 0, 1)),
            tmp.resolve("second"));
    assertEquals(first.manifest.getAccepted(), second.manifest.getAccepted());
    assertEquals(faceSet(first.faces), faceSet(second.faces));
  }

  /** identity|label|pixel hash of each face. */
  private static List<String> faceSet(List<AlignedFace> faces) throws IOException {
    List<String> out = new ArrayList<>();
    for (AlignedFace f : faces) {
      out.add(
          f.getIdentity()
              + "|"
              + f.getLabel()
              + "|"
              + hash(PngDecoder.decodeRgb(bytes(f.getImage()))));
    }
    out.sort(null);
    return out;
  }

  @Test
  void bucketedExportWritesTheSameBytesAsInMemory() throws IOException {
    Path bucketed = tmp.resolve("bucketed");
    PackExport.builder()
        .setData(first.output.toString())
        .setOutput(bucketed)
        .optMemoryBudget(200_000)
        .build()
        .run();
    for (String f : new String[] {"train.rec", "train.idx", "property", "classes.tsv"}) {
      assertArrayEquals(
          Files.readAllBytes(exported.resolve(f)), Files.readAllBytes(bucketed.resolve(f)), f);
    }
    try (var s = Files.list(bucketed)) {
      assertEquals(4, s.count(), "no bucket files left behind");
    }
  }

  @Test
  void jpegExportIsSmallerAndCloseToTheOriginalPixels() throws IOException {
    Path jpeg = tmp.resolve("jpeg");
    PackExport.builder()
        .setData(first.output.toString())
        .setOutput(jpeg)
        .optImageFormat(PackImageFormat.JPEG)
        .optJpegQuality(95)
        .build()
        .run();
    assertTrue(Files.size(jpeg.resolve("train.rec")) < Files.size(exported.resolve("train.rec")));
    ImageDecoder decoder = new ImageDecoder();
    try (FacePack png = FacePack.open(exported);
        FacePack jpg = FacePack.open(jpeg)) {
      List<PackedFace> a = png.faces();
      List<PackedFace> b = jpg.faces();
      for (int i = 0; i < a.size(); i++) {
        assertEquals(a.get(i).classIndex(), b.get(i).classIndex());
        byte[] x = decoder.decode(a.get(i).image()).image().rgb();
        byte[] y = decoder.decode(b.get(i).image()).image().rgb();
        double sum = 0;
        for (int k = 0; k < x.length; k++) {
          sum += Math.abs((x[k] & 0xff) - (y[k] & 0xff));
        }
        assertTrue(
            sum / x.length < 3, "mean |difference| " + sum / x.length + " at key " + (i + 1));
      }
    }
  }

  private static Map<String, byte[]> packFiles(Path dir) throws IOException {
    Map<String, byte[]> m = new TreeMap<>();
    try (var s = Files.list(dir)) {
      for (Path p : s.toList()) {
        m.put(p.getFileName().toString(), Files.readAllBytes(p));
      }
    }
    return m;
  }

  private static void assertSamePack(Path expected, Path actual) throws IOException {
    Map<String, byte[]> a = packFiles(expected);
    Map<String, byte[]> b = packFiles(actual);
    assertEquals(a.keySet(), b.keySet(), "the pack's files and nothing else");
    for (String f : a.keySet()) {
      assertArrayEquals(a.get(f), b.get(f), f);
    }
  }

  /**
   * A pack is published whole (issue 25, class 4): a re-export replaces the earlier pack, the
   * staging folder an export killed half way left is removed, and an export that fails half way
   * leaves the earlier pack as it was.
   */
  @Test
  void aPackIsReplacedWholeOrLeftAsItWas() throws IOException {
    Path again = tmp.resolve("again");
    PackExport.builder()
        .setData(first.output.toString())
        .setOutput(again)
        .optImageFormat(PackImageFormat.JPEG)
        .build()
        .run();
    Path killed = Files.createDirectories(again.resolve(".pack-staging-killed"));
    Files.write(killed.resolve("train.rec"), new byte[] {1, 2, 3});
    PackExport.builder().setData(first.output.toString()).setOutput(again).build().run();
    assertSamePack(exported, again);

    // a split whose faces labels.tsv does not list fails while the new pack is being written
    Path broken = tmp.resolve("broken-data");
    Files.createDirectories(broken.resolve("faces"));
    try (var s = Files.list(first.output.resolve("faces"))) {
      for (Path p : s.toList()) {
        Files.copy(p, broken.resolve("faces").resolve(p.getFileName()));
      }
    }
    Files.copy(first.output.resolve("manifest.avro"), broken.resolve("manifest.avro"));
    List<String> labels = Files.readAllLines(first.output.resolve("labels.tsv"));
    Files.write(broken.resolve("labels.tsv"), labels.subList(0, labels.size() - 1));
    IOException e =
        assertThrows(
            IOException.class,
            () -> PackExport.builder().setData(broken.toString()).setOutput(again).build().run());
    assertTrue(e.getMessage().contains("is not in labels.tsv's"), e.getMessage());
    assertSamePack(exported, again);
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
