package io.lfsbeam.report;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.report.PairOutcomes.PairFaces;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.search.SearchLayout;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * Who is in each test pair: the identity clusters of the paired comparison ({@link
 * io.lfsbeam.stats.PairClusterVariance}).
 *
 * <p>For the preprocess test split, the identities come from the data folder's own faces ({@code
 * faces/test-*.avro}, read as a projection: ids and identity names, never the images). A
 * verification .bin carries no identities; there the faces of every matched pair are joined as one
 * person (union–find), which finds each person who has a matched pair. Faces that only ever appear
 * in mismatched pairs then stay apart: the clusters are finer than the truth, so the interval can
 * be somewhat narrow on such a set (say so where it matters).
 */
final class PairIdentities {
  private PairIdentities() {}

  /** The name of the preprocess test split's evaluation set. */
  static final String TEST_SET = "test";

  /** A projection of AlignedFace: its id and identity, nothing else is decoded. */
  static final Schema FACE_IDENTITY =
      SchemaBuilder.record(AlignedFace.getClassSchema().getName())
          .namespace(AlignedFace.getClassSchema().getNamespace())
          .fields()
          .requiredString("id")
          .requiredString("identity")
          .endRecord();

  /**
   * Face id → identity name for {@code evalSet} of the run in {@code runDir} (its {@code data}
   * folder, from search_config.tsv); empty when not known (a .bin set, or the data folder moved).
   */
  static Map<String, String> load(String runDir, String evalSet) throws IOException {
    if (!TEST_SET.equals(evalSet)) {
      return Map.of();
    }
    String data = SearchRun.readTsv(SearchLayout.at(runDir).searchConfig()).get("data");
    if (data == null) {
      return Map.of();
    }
    Map<String, String> out = new HashMap<>();
    for (String shard : AvroFiles.match(data + "/faces/" + TEST_SET + "-*.avro")) {
      AvroFiles.forEachProjected(
          shard, FACE_IDENTITY, r -> out.put(r.get("id").toString(), r.get("identity").toString()));
    }
    return out;
  }

  /**
   * The identity cluster of each pair's two faces, {@code [0][j]} and {@code [1][j]} (equal for a
   * matched pair): the named identities when every face has one, else the union–find of faces
   * joined by matched pairs.
   */
  static int[][] clusters(List<PairFaces> pairs, Map<String, String> identities) {
    int p = pairs.size();
    int[][] out = new int[2][p];
    if (named(pairs, identities)) {
      Map<String, Integer> index = new LinkedHashMap<>();
      for (int j = 0; j < p; j++) {
        out[0][j] = index.computeIfAbsent(identities.get(pairs.get(j).left()), k -> index.size());
        out[1][j] = index.computeIfAbsent(identities.get(pairs.get(j).right()), k -> index.size());
      }
      return out;
    }
    Map<String, Integer> faces = new LinkedHashMap<>();
    for (PairFaces f : pairs) {
      faces.computeIfAbsent(f.left(), k -> faces.size());
      faces.computeIfAbsent(f.right(), k -> faces.size());
    }
    int[] parent = new int[faces.size()];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
    }
    for (PairFaces f : pairs) {
      if (f.same()) {
        union(parent, faces.get(f.left()), faces.get(f.right()));
      }
    }
    for (int j = 0; j < p; j++) {
      out[0][j] = find(parent, faces.get(pairs.get(j).left()));
      out[1][j] = find(parent, faces.get(pairs.get(j).right()));
    }
    return out;
  }

  /** Whether {@link #clusters} can use named identities for these pairs. */
  static boolean named(List<PairFaces> pairs, Map<String, String> identities) {
    return pairs.stream()
        .allMatch(f -> identities.containsKey(f.left()) && identities.containsKey(f.right()));
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private static void union(int[] parent, int a, int b) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
}
