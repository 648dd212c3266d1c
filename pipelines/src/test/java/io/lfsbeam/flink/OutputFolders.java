package io.lfsbeam.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.DatasetManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Compares two preprocess output folders record for record. */
final class OutputFolders {
  private OutputFolders() {}

  /** Every file (relative path → bytes) under a folder, in path order. */
  static TreeMap<String, byte[]> files(Path root) throws IOException {
    TreeMap<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return files;
  }

  /**
   * The same files with the same bytes: faces shards, pairs, dead letters, duplicates, labels and
   * manifest. WriteSortedAvro sorts records and uses fixed sync markers, so equal records mean
   * equal bytes whatever the runner, the parallelism or the number of task restarts.
   */
  static void assertSameRecords(Path expected, Path actual) throws IOException {
    TreeMap<String, byte[]> want = files(expected);
    TreeMap<String, byte[]> got = files(actual);
    assertEquals(want.keySet(), got.keySet(), "the same files");
    assertTrue(
        want.keySet().stream().anyMatch(f -> f.startsWith("faces/")),
        "faces shards written: " + want.keySet());
    assertTrue(
        want.containsKey("dead_letters.avro")
            && want.containsKey("manifest.avro")
            && want.containsKey("pairs/val.avro"),
        want.keySet().toString());
    for (String f : want.keySet()) {
      assertTrue(
          Arrays.equals(want.get(f), got.get(f)),
          f + " differs between " + expected + " and " + actual);
    }
  }

  /** Each accepted face exactly once across the shards, as many as the manifest accepted. */
  static void assertCompleteAndUnique(Path output) throws IOException {
    DatasetManifest m = AvroFiles.read(output + "/manifest.avro", DatasetManifest.class).get(0);
    List<AlignedFace> faces = AvroFiles.readAll(output + "/faces/*.avro", AlignedFace.class);
    assertFalse(faces.isEmpty());
    Set<String> ids = new HashSet<>();
    faces.forEach(f -> assertTrue(ids.add(f.getId()), "face " + f.getId() + " written twice"));
    assertEquals(m.getAccepted(), faces.size(), "faces in the shards = accepted in the manifest");
    assertEquals(
        m.getInputs(),
        m.getAccepted() + m.getDeadLettered() + m.getDuplicates(),
        "manifest reconciles");
  }
}
