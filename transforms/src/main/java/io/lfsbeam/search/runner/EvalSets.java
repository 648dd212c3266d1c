package io.lfsbeam.search.runner;

import io.lfsbeam.insightface.BinFaces;
import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.VerificationPair;
import io.lfsbeam.train.backbone.BackboneConfig;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which verification sets score a search: the reward set every candidate is evaluated on, and the
 * test sets of the final model. By default the preprocess output's val and test pairs; a
 * verification .bin ({@code --valBin}) replaces the val pairs as the reward, and .bin files ({@code
 * --testBins}) are evaluated beside the test pairs (or instead, when the data has none, e.g. a pack
 * that went to train whole).
 *
 * @param valBin .bin path of the reward set, or null for the preprocess val pairs
 * @param testBins .bin paths the final model is also evaluated on (may be empty)
 */
public record EvalSets(String valBin, List<String> testBins) implements Serializable {
  /** The set name of the preprocess val pairs (the default reward). */
  public static final String VAL = "val";

  /** The set name of the preprocess test pairs. */
  public static final String TEST = "test";

  public EvalSets {
    testBins = List.copyOf(testBins);
    List<String> names = new ArrayList<>(List.of(TEST));
    if (valBin != null) {
      BinFaces.setName(valBin); // refuses a file whose name cannot name a set
    }
    for (String bin : testBins) {
      String name = BinFaces.setName(bin);
      // case-insensitively: roc-LFW.tsv and roc-lfw.tsv are one file on some file systems
      if (names.stream().anyMatch(name::equalsIgnoreCase)) {
        throw new IllegalArgumentException(
            "test sets need distinct names: "
                + bin
                + " is named '"
                + name
                + "' like another test set");
      }
      names.add(name);
    }
  }

  /** The preprocess output's own val and test pairs. */
  public static EvalSets preprocessPairs() {
    return new EvalSets(null, List.of());
  }

  /**
   * From the options' strings.
   *
   * @param valBin a path, or null/blank
   * @param testBins comma-separated paths, or null/blank
   */
  public static EvalSets of(String valBin, String testBins) {
    List<String> tests = new ArrayList<>();
    if (testBins != null) {
      for (String part : testBins.split(",")) {
        if (!part.isBlank()) {
          tests.add(part.strip());
        }
      }
    }
    return new EvalSets(valBin == null || valBin.isBlank() ? null : valBin.strip(), tests);
  }

  /** The reward set's name: {@link #VAL} or the .bin's base name. */
  public String rewardSet() {
    return valBin == null ? VAL : BinFaces.setName(valBin);
  }

  /**
   * Fails before a search starts when a .bin cannot serve its backbone: unreadable or refused, too
   * few pairs, or any image that does not decode or has another size than the backbone's input
   * (otherwise every candidate's evaluation would fail, and with it every reward, or the final
   * model's test after the whole search).
   */
  public void check(TrainSettings settings) throws IOException {
    BackboneConfig backbone = TensorFlowCandidateRunner.backbone(settings);
    List<String> all = new ArrayList<>(testBins);
    if (valBin != null) {
      all.add(0, valBin);
    }
    for (String bin : all) {
      BinFaces.check(bin, backbone.inputHeight(), backbone.inputWidth());
    }
  }

  /**
   * Fails before a search starts when the preprocess output {@code dataDir} lacks what these sets
   * leave to it: train faces, the val pairs (every candidate's reward) unless a {@code --valBin}
   * replaces them, the test pairs (the final model's score) unless {@code --testBins} are given.
   *
   * @throws IllegalArgumentException naming what is missing and the option that would replace it
   */
  public void checkData(String dataDir) throws IOException {
    if (AvroFiles.match(dataDir + "/faces/train-*.avro").isEmpty()) {
      throw new IllegalArgumentException(
          dataDir + " has no train faces (faces/train-*.avro): is it a preprocess output?");
    }
    if (valBin == null && pairs(dataDir, VAL) == 0) {
      throw new IllegalArgumentException(
          dataDir
              + " has no val pairs (pairs/val.avro), on which every candidate's reward is scored:"
              + " give --valBin=<verification .bin>, or preprocess with a val split"
              + " (--valFraction or --valIdentities)");
    }
    if (testBins.isEmpty() && pairs(dataDir, TEST) == 0) {
      throw new IllegalArgumentException(
          dataDir
              + " has no test pairs (pairs/test.avro), on which the final model is scored:"
              + " give --testBins=<verification .bin files>, or preprocess with a test split"
              + " (--testFraction or --testIdentities)");
    }
  }

  private static int pairs(String dataDir, String split) throws IOException {
    List<String> files = AvroFiles.match(dataDir + "/pairs/" + split + ".avro");
    return files.isEmpty() ? 0 : AvroFiles.read(files.get(0), VerificationPair.class).size();
  }

  /** For search_config.tsv. */
  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("rewardSet", valBin == null ? VAL + " (preprocess pairs)" : valBin);
    if (!testBins.isEmpty()) {
      m.put("testBins", String.join(",", testBins));
    }
    return m;
  }
}
