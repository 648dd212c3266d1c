package io.lfsbeam.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.align.LandmarkFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticFacesTest {
  @TempDir Path tmp;

  private static SyntheticFaces tenByFive(long seed) {
    return SyntheticFaces.builder().identities(10).imagesPerIdentity(5).seed(seed).build();
  }

  @Test
  void writesOneFilePerImageAndOneLandmarkLinePerImage() throws IOException {
    SyntheticFaces.Result result = tenByFive(7).write(tmp);

    List<Path> images = imageFiles(tmp, "png");
    assertEquals(50, images.size());
    assertEquals(50, result.images());
    assertEquals(0, result.corruptFiles());
    assertTrue(Files.isDirectory(tmp.resolve("id_0000")));
    assertTrue(Files.isRegularFile(tmp.resolve("id_0009/0005.png")));
    assertFalse(Files.exists(tmp.resolve("id_0000/0000.png")), "numbering starts at 1 like LFW");

    List<String> lines = Files.readAllLines(result.landmarks(), StandardCharsets.UTF_8);
    assertEquals(50, lines.size());
    List<String> paths = lines.stream().map(l -> l.split("\t")[0]).collect(Collectors.toList());
    List<String> sorted = new ArrayList<>(paths);
    sorted.sort(null);
    assertEquals(sorted, paths, "landmark lines are sorted by path");
    List<String> onDisk =
        images.stream()
            .map(p -> tmp.relativize(p).toString().replace('\\', '/'))
            .sorted()
            .collect(Collectors.toList());
    assertEquals(onDisk, paths, "every image has exactly one landmark line");
    assertEquals("", Files.readString(result.corruptList()));

    BufferedImage first = ImageIO.read(tmp.resolve("id_0000/0001.png").toFile());
    assertEquals(250, first.getWidth());
    assertEquals(250, first.getHeight());
  }

  @Test
  void sameSeedGivesByteIdenticalOutputWhateverTheThreadsAndAnotherSeedDiffers()
      throws IOException {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    Path c = tmp.resolve("c");
    SyntheticFaces.builder()
        .identities(10)
        .imagesPerIdentity(5)
        .seed(7)
        .threads(1)
        .build()
        .write(a);
    SyntheticFaces.builder()
        .identities(10)
        .imagesPerIdentity(5)
        .seed(7)
        .threads(3)
        .build()
        .write(b);
    tenByFive(8).write(c);

    List<Path> filesA = allFiles(a);
    assertEquals(
        allFiles(b).stream().map(b::relativize).collect(Collectors.toList()),
        filesA.stream().map(a::relativize).collect(Collectors.toList()));
    for (Path f : filesA) {
      Path rel = a.relativize(f);
      assertArrayEquals(
          Files.readAllBytes(f),
          Files.readAllBytes(b.resolve(rel)),
          "differs between runs: " + rel);
    }
    assertFalse(
        Arrays.equals(
            Files.readAllBytes(a.resolve("landmarks.txt")),
            Files.readAllBytes(c.resolve("landmarks.txt"))));
    int differing = 0;
    for (Path f : imageFiles(a, "png")) {
      if (!Arrays.equals(Files.readAllBytes(f), Files.readAllBytes(c.resolve(a.relativize(f))))) {
        differing++;
      }
    }
    assertEquals(50, differing, "another seed changes every image");
  }

  @Test
  void landmarkLinesHaveTheLfwLayoutWithFixedDecimals() throws IOException {
    tenByFive(3).write(tmp);
    for (String line : Files.readAllLines(tmp.resolve("landmarks.txt"))) {
      String[] f = line.split("\t", -1);
      assertEquals(11, f.length, line);
      assertTrue(f[0].matches("id_\\d{4}/\\d{4}\\.png"), f[0]);
      for (int i = 1; i < f.length; i++) {
        assertTrue(f[i].matches("-?\\d+\\.\\d{" + LandmarkFile.DECIMALS + "}"), f[i]);
      }
    }
  }

  @Test
  void fileNamesSortInNumericOrderBeyondNineImages() throws IOException {
    SyntheticFaces.builder().identities(1).imagesPerIdentity(12).seed(1).build().write(tmp);
    List<String> names;
    try (Stream<Path> s = Files.list(tmp.resolve("id_0000"))) {
      names = s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
    assertEquals(12, names.size());
    for (int i = 0; i < names.size(); i++) {
      assertEquals(i + 1, Integer.parseInt(names.get(i).substring(0, 4)));
    }
  }

  @Test
  void jpegFormatWritesDecodableJpegs() throws IOException {
    SyntheticFaces.builder()
        .identities(2)
        .imagesPerIdentity(3)
        .imageSize(120)
        .format("jpg")
        .seed(5)
        .build()
        .write(tmp);
    List<Path> jpgs = imageFiles(tmp, "jpg");
    assertEquals(6, jpgs.size());
    for (Path p : jpgs) {
      byte[] bytes = Files.readAllBytes(p);
      assertEquals(0xFF, bytes[0] & 0xFF);
      assertEquals(0xD8, bytes[1] & 0xFF, "JPEG start-of-image marker");
      BufferedImage img = ImageIO.read(p.toFile());
      assertNotNull(img, "decodable: " + p);
      assertEquals(120, img.getWidth());
    }
    assertTrue(Files.readString(tmp.resolve("landmarks.txt")).contains("id_0001/0003.jpg\t"));
  }

  @Test
  void writesAContactSheetAndReportsProgress() throws IOException {
    List<String> calls = new ArrayList<>();
    SyntheticFaces.builder()
        .identities(5)
        .imagesPerIdentity(2)
        .imageSize(64)
        .seed(2)
        .progressEvery(2)
        .progressListener((done, total) -> calls.add(done + "/" + total))
        .build()
        .write(tmp);
    assertEquals(List.of("2/5", "4/5", "5/5"), calls);
    BufferedImage sheet = ImageIO.read(tmp.resolve("contact_sheet.png").toFile());
    assertNotNull(sheet);
    assertTrue(sheet.getWidth() >= 2 * 64 && sheet.getHeight() >= 5 * 64, "5 rows of 2 thumbnails");
  }

  @Test
  void builderRejectsOutOfRangeSettingsAndExposesThem() {
    assertThrows(IllegalArgumentException.class, () -> SyntheticFaces.builder().difficulty(1.5));
    assertThrows(IllegalArgumentException.class, () -> SyntheticFaces.builder().identities(0));
    assertThrows(
        IllegalArgumentException.class, () -> SyntheticFaces.builder().corruptFraction(-0.1));
    assertThrows(IllegalArgumentException.class, () -> SyntheticFaces.builder().format("gif"));
    SyntheticFaces.Builder b =
        SyntheticFaces.builder()
            .identities(3)
            .imagesPerIdentity(4)
            .imageSize(100)
            .seed(9)
            .difficulty(0.2)
            .format("jpeg")
            .corruptFraction(0.25);
    SyntheticFaces s = b.build();
    assertEquals(3, s.identities());
    assertEquals(4, s.imagesPerIdentity());
    assertEquals(100, s.imageSize());
    assertEquals(9L, s.seed());
    assertEquals(0.2, s.difficulty());
    assertEquals(ImageFormat.JPG, s.format());
    assertEquals(0.25, s.corruptFraction());
    assertEquals(3, s.corruptCount());
    assertEquals(250, SyntheticFaces.builder().build().imageSize());
  }

  static List<Path> imageFiles(Path root, String ext) throws IOException {
    return allFiles(root).stream()
        .filter(p -> p.getFileName().toString().endsWith("." + ext))
        .filter(p -> !p.getFileName().toString().startsWith("contact_sheet"))
        .collect(Collectors.toList());
  }

  static List<Path> allFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
  }
}
