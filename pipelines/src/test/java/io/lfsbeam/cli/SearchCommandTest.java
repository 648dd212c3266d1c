package io.lfsbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.DatasetManifest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lfs search}'s checks of successive halving, warm-up and the child timeout: each a one-line
 * usage error (exit 2) before anything runs. The data folder holds only a manifest (120 train
 * faces), which is all the rung check reads.
 */
class SearchCommandTest {
  @TempDir Path data;
  @TempDir Path runs;

  @BeforeEach
  void manifest() throws Exception {
    DatasetManifest m =
        DatasetManifest.newBuilder()
            .setName("m")
            .setInputs(120)
            .setAccepted(120)
            .setDeadLettered(0)
            .setDuplicates(0)
            .setCountsPerSplit(Map.of("train", 120L))
            .setIdentitiesPerSplit(Map.of("train", 12L))
            .setDeadLettersPerReason(Map.of())
            .setIdentities(12)
            .setImageWidth(112)
            .setImageHeight(112)
            .setTemplate("arcface112")
            .setOptions(Map.of())
            .setFingerprint("f")
            .build();
    AvroFiles.write(
        data.resolve("manifest.avro").toString(), DatasetManifest.getClassSchema(), List.of(m));
  }

  @Test
  void badHalvingWarmupAndTimeoutOptionsAreOneLineUsageErrors() {
    Map<List<String>, String> cases = new LinkedHashMap<>();
    cases.put(List.of("--halvingRate=0.5"), "--halvingRate must be 1 (off) or a number above 1");
    cases.put(List.of("--halvingRate=2", "--rungs=1"), "needs --rungs of 2 or more");
    cases.put(List.of("--rungs=0"), "--rungs must be at least 1");
    cases.put(
        List.of("--halvingRate=2", "--rungs=3", "--candidates=3"),
        "needs at least 4 candidates per round");
    // 4 steps a round, eta 3, 3 rungs: the first rung would end at round(4/9) = 0 steps
    cases.put(
        List.of(
            "--halvingRate=3",
            "--rungs=3",
            "--candidates=9",
            "--epochsPerRound=0",
            "--stepsPerRound=4"),
        "cannot split a round of 4 steps");
    cases.put(List.of("--warmupRounds=-1"), "--warmupRounds must be 0 or more, not -1");
    cases.put(List.of("--childTimeoutFactor=0.5"), "--childTimeoutFactor must be at least 1");
    cases.put(List.of("--childTimeoutMinSeconds=0"), "--childTimeoutMinSeconds must be positive");
    for (Map.Entry<List<String>, String> c : cases.entrySet()) {
      CapturedLfs lfs = new CapturedLfs(new SearchCommand());
      String[] argv = new String[c.getKey().size() + 3];
      argv[0] = "search";
      argv[1] = "--data=" + data;
      argv[2] = "--output=" + runs.resolve("out"); // apart from --data
      for (int i = 0; i < c.getKey().size(); i++) {
        argv[3 + i] = c.getKey().get(i);
      }
      assertEquals(2, lfs.run(argv), c.getKey() + ": " + lfs.err());
      lfs.assertOneLine(c.getValue());
    }
  }
}
