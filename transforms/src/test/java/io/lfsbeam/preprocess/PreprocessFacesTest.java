package io.lfsbeam.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.metrics.LfwPair;
import io.lfsbeam.metrics.LfwPairs;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.AlignmentMethod;
import io.lfsbeam.schemas.DeadLetter;
import io.lfsbeam.schemas.Split;
import io.lfsbeam.schemas.VerificationPair;
import io.lfsbeam.synth.SyntheticFaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Synthetic faces with broken files and a duplicate → preprocess on the DirectRunner → every record
 * accounted for.
 */
class PreprocessFacesTest {
  @TempDir static Path tmp;
  static Path data;
  static PreprocessRun run;
  static Map<String, String> corruptKinds;

  @BeforeAll
  static void preprocess() throws Exception {
    data = tmp.resolve("synth");
    SyntheticFaces.builder()
        .identities(24)
        .imagesPerIdentity(4)
        .imageSize(160)
        .seed(3)
        .difficulty(0.5)
        .corruptFraction(0.05)
        .build()
        .write(data);
    // a byte-identical copy under another identity: must be dropped as a duplicate, not trained on
    // twice
    Files.copy(data.resolve("id_0001/0001.png"), data.resolve("id_0002/0009.png"));
    String original =
        Files.readAllLines(data.resolve("landmarks.txt")).stream()
            .filter(l -> l.startsWith("id_0001/0001.png\t"))
            .findFirst()
            .orElseThrow();
    Files.writeString(
        data.resolve("landmarks.txt"),
        original.replace("id_0001/0001.png", "id_0002/0009.png") + "\n",
        StandardOpenOption.APPEND);
    // one identity left with a single usable image: refused as TOO_FEW_IMAGES
    Files.createDirectories(data.resolve("id_lonely"));
    Files.copy(data.resolve("id_0003/0002.png"), data.resolve("id_lonely/0001.png"));
    Files.write(
        data.resolve("id_lonely/0001.png"),
        new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3},
        StandardOpenOption.APPEND);
    corruptKinds = new TreeMap<>();
    for (String line : Files.readAllLines(data.resolve("corrupt.txt"))) {
      String[] f = line.split("\t");
      corruptKinds.put(f[0], f[1]);
    }
    run =
        PreprocessRun.run(
            PreprocessFaces.fromFolder(data.toString())
                .withLandmarks(data.resolve("landmarks.txt").toString())
                .withConfig(PreprocessConfig.defaults().withMatchedPairsPerFold(20).withSeed(5))
                .withSplit(IdentitySplit.byFractions(0.5, 0.25, 0.25, 5)),
            tmp.resolve("out"));
  }

  @Test
  void everyInputIsAccountedFor() throws Exception {
    long files;
    try (Stream<Path> s = Files.walk(data, 2)) {
      files =
          s.filter(p -> p.getNameCount() - data.getNameCount() == 2 && Files.isRegularFile(p))
              .count();
    }
    var m = run.manifest;
    assertEquals(files, m.getInputs());
    assertEquals(
        m.getInputs(),
        m.getAccepted() + m.getDeadLettered() + m.getDuplicates(),
        "manifest reconciles");
    assertEquals(m.getAccepted(), run.faces.size());
    assertEquals(m.getDeadLettered(), run.deadLetters.size());
    assertEquals(1, m.getDuplicates());
    assertEquals(1, run.duplicates.size());
    assertTrue(
        run.duplicates.get(0).getMessage().contains("id_0001/0001.png"),
        run.duplicates.get(0).toString());
    assertEquals(
        m.getDeadLettersPerReason().values().stream().mapToLong(Long::longValue).sum(),
        m.getDeadLettered());
  }

  @Test
  void brokenFilesBecomeDeadLettersWithTheirReason() {
    Map<String, String> expected =
        Map.of(
            "ZERO_BYTES",
            "ZERO_BYTES",
            "TRUNCATED",
            "UNDECODABLE",
            "NOT_AN_IMAGE",
            "NOT_AN_IMAGE",
            "TOO_MANY_PIXELS",
            "TOO_MANY_PIXELS");
    Map<String, DeadLetter> bySource = new HashMap<>();
    run.deadLetters.forEach(d -> bySource.put(d.getSource(), d));
    assertFalse(corruptKinds.isEmpty());
    assertEquals(
        Set.copyOf(expected.keySet()),
        Set.copyOf(corruptKinds.values()),
        "all four kinds were generated");
    for (Map.Entry<String, String> e : corruptKinds.entrySet()) {
      DeadLetter d = bySource.get(e.getKey());
      assertNotNull(d, "no dead letter for " + e);
      assertEquals(expected.get(e.getValue()), d.getReason(), e.getKey());
      assertEquals("decode", d.getStage());
    }
    DeadLetter lonely = bySource.get("id_lonely/0001.png");
    assertNotNull(lonely);
    assertEquals("LANDMARKS_MISSING", lonely.getReason(), "no landmark line for the added file");
  }

  @Test
  void landmarksLandOnTheTemplate() {
    assertFalse(run.faces.isEmpty());
    double sumSq = 0;
    for (AlignedFace f : run.faces) {
      assertEquals(AlignmentMethod.LANDMARKS, f.getAlignment());
      assertEquals(112, f.getWidth());
      assertEquals(112, f.getHeight());
      assertEquals(6, f.getTransform().size());
      // expressions and head turns move points off a pure similarity of the template: bounded per
      // face
      assertTrue(
          f.getAlignmentResidual() < 2.5,
          f.getSourcePath() + " residual " + f.getAlignmentResidual());
      sumSq += f.getAlignmentResidual() * f.getAlignmentResidual();
    }
    double rms = Math.sqrt(sumSq / run.faces.size());
    assertTrue(
        rms < 1.0,
        "RMS distance of mapped landmarks to the template over all faces: " + rms + " px");
  }

  @Test
  void splitsAreIdentityDisjointAndLabelsDense() {
    Map<String, Set<Split>> splitsOf = new HashMap<>();
    Map<Split, Set<Integer>> labels = new TreeMap<>();
    for (AlignedFace f : run.faces) {
      splitsOf.computeIfAbsent(f.getIdentity(), k -> new HashSet<>()).add(f.getSplit());
      labels.computeIfAbsent(f.getSplit(), k -> new HashSet<>()).add(f.getLabel());
    }
    splitsOf.forEach((id, s) -> assertEquals(1, s.size(), id + " in " + s));
    int trainIds = labels.get(Split.TRAIN).size();
    for (int i = 0; i < trainIds; i++) {
      assertTrue(labels.get(Split.TRAIN).contains(i), "train labels are 0.." + (trainIds - 1));
    }
    assertTrue(labels.containsKey(Split.VAL) && labels.containsKey(Split.TEST));
  }

  @Test
  void pairsAreBalancedTenFoldsAndMatchTheText() throws Exception {
    Map<String, AlignedFace> byId =
        run.faces.stream().collect(Collectors.toMap(AlignedFace::getId, f -> f));
    for (String split : List.of("val", "test")) {
      List<VerificationPair> pairs = run.pairs(split);
      assertFalse(pairs.isEmpty(), split);
      int[] matched = new int[10];
      int[] mismatched = new int[10];
      Set<String> seen = new HashSet<>();
      for (VerificationPair p : pairs) {
        AlignedFace a = byId.get(p.getLeftId());
        AlignedFace b = byId.get(p.getRightId());
        assertEquals(split.toUpperCase(), a.getSplit().name());
        assertEquals(p.getSame(), a.getIdentity().equals(b.getIdentity()));
        assertTrue(seen.add(p.getLeftId() + p.getRightId()), "no repeated pair");
        (p.getSame() ? matched : mismatched)[p.getFold()]++;
      }
      for (int f = 0; f < 10; f++) {
        assertEquals(matched[0], matched[f]);
        assertEquals(matched[0], mismatched[f]);
      }
      List<LfwPair> lfw = LfwPairs.read(run.output.resolve("pairs/" + split + "_pairs.txt"));
      assertEquals(pairs.size(), lfw.size());
      for (int i = 0; i < lfw.size(); i++) {
        AlignedFace a = byId.get(pairs.get(i).getLeftId());
        assertEquals(a.getIdentity(), lfw.get(i).leftName());
        assertEquals(a.getImageNumber(), lfw.get(i).leftIndex());
      }
    }
  }

  @Test
  void rerunGivesByteIdenticalShardsAndManifest() throws Exception {
    PreprocessRun again =
        PreprocessRun.run(
            PreprocessFaces.fromFolder(data.toString())
                .withLandmarks(data.resolve("landmarks.txt").toString())
                .withConfig(PreprocessConfig.defaults().withMatchedPairsPerFold(20).withSeed(5))
                .withSplit(IdentitySplit.byFractions(0.5, 0.25, 0.25, 5)),
            tmp.resolve("out2"));
    assertEquals(run.manifest.getFingerprint(), again.manifest.getFingerprint());
    for (String shard : run.manifest.getShards()) {
      assertArrayEquals(
          Files.readAllBytes(run.output.resolve(shard)),
          Files.readAllBytes(again.output.resolve(shard)),
          shard);
    }
    assertArrayEquals(
        Files.readAllBytes(run.output.resolve("pairs/val_pairs.txt")),
        Files.readAllBytes(again.output.resolve("pairs/val_pairs.txt")));
  }
}
