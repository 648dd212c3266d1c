package io.lfsbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.pipelines.SearchPipeline;
import io.lfsbeam.pipelines.TrainOptions;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.VerificationPair;
import io.lfsbeam.search.runner.EvalSets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One rule for every command (issue 25, class 6): a command refused before it starts exits 2 with
 * one line, whichever command and spelling; {@code train} checks and takes what {@code search} does
 * ({@code train --batchSize=-5} exited 1, and did not know {@code --valBin}).
 */
class ExitCodesTest {
  @TempDir Path tmp;
  private Path data;
  private CapturedLfs lfs;

  /** A folder that passes as a preprocess output until something reads its faces. */
  @BeforeEach
  void fakeData() throws Exception {
    data = tmp.resolve("data");
    Files.createDirectories(data.resolve("faces"));
    AvroFiles.write(
        data.resolve("faces/train-00000-of-00001.avro").toString(),
        AlignedFace.getClassSchema(),
        List.<AlignedFace>of());
    List<VerificationPair> pairs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      pairs.add(
          VerificationPair.newBuilder()
              .setLeftId("a" + i)
              .setRightId("b" + i)
              .setSame(i % 2 == 0)
              .setFold(i % 10)
              .setGroup(null)
              .build());
    }
    AvroFiles.write(
        data.resolve("pairs/test.avro").toString(), VerificationPair.getClassSchema(), pairs);
    AvroFiles.write(
        data.resolve("pairs/val.avro").toString(), VerificationPair.getClassSchema(), pairs);
    // what export looks for
    Files.writeString(data.resolve("labels.tsv"), "identity\tlabel\tsplit\n");
    Files.write(data.resolve("manifest.avro"), new byte[0]);
    lfs =
        new CapturedLfs(
            new TrainCommand(),
            new SearchCommand(),
            new CompareCommand(),
            new EvaluateCommand(),
            new PreprocessCommand(),
            new ExportCommand(),
            new SynthCommand(),
            new DemoCommand());
  }

  private void refused(String expected, String... args) {
    lfs.reset();
    assertEquals(2, lfs.run(args), String.join(" ", args) + ": " + lfs.err());
    lfs.assertOneLine(expected);
    assertFalse(lfs.err().contains("\tat "));
  }

  @Test
  void badTrainingValuesAreUsageErrorsInTrainSearchAndCompareAlike() throws Exception {
    String d = "--data=" + data;
    String o = "--output=" + tmp.resolve("out");
    for (String command : List.of("train", "search", "compare")) {
      refused("batch size must be positive", command, d, o, "--batchSize=-5");
      refused("batch size must be positive", command, d, o, "--batchSize=0");
      refused("unknown schedule kind 'fast'", command, d, o, "--learningRate=fast");
      refused(
          "--batchSize=lots: Cannot deserialize value of type `int` from String \"lots\"",
          command,
          d,
          o,
          "--batchSize=lots");
      refused("unknown device 'tpu'", command, d, o, "--device=tpu");
      refused("shuffle buffer", command, d, o, "--shuffleBuffer=0");
    }
    refused("--epochs=0 must be positive", "train", d, o, "--epochs=0");
    refused("--rounds=0 must be positive", "search", d, o, "--rounds=0");
    refused("--candidates=-1 must be positive", "search", d, o, "--candidates=-1");
    Path model = Files.createDirectories(tmp.resolve("model"));
    Files.write(model.resolve("saved_model.pb"), new byte[0]);
    refused(
        "--batchSize=-5 must be positive", "evaluate", "--model=" + model, d, o, "--batchSize=-5");
    // train sets these itself: refused rather than silently ignored, and left out of its help
    refused(
        "--epochsPerRound does not apply to lfs train: train trains --epochs epochs",
        "train",
        d,
        o,
        "--epochsPerRound=3");
    refused(
        "--minStepsPerRound does not apply to lfs train", "train", d, o, "--minStepsPerRound=5");
  }

  @Test
  void anOutputThatCannotBeWrittenIsRefusedSayingWhy() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    String d = "--data=" + data;
    for (String command : List.of("train", "search", "compare")) {
      refused("--output=" + file + " is a file, not a folder", command, d, "--output=" + file);
      refused(
          ": " + file + " is a file, so no folder can be made under it",
          command,
          d,
          "--output=" + file + "/run/1");
    }
    refused("--output=" + file + " is a file, not a folder", "synth", "--output=" + file);
    refused(
        ": " + file + " is a file, so no folder can be made under it",
        "demo",
        "--output=" + file + "/demo");
    refused(
        "--output=" + tmp + " is a folder; --format=bin writes one .bin file",
        "export",
        "--format=bin",
        d,
        "--pairs=test",
        "--output=" + tmp);
  }

  @Test
  void aSearchWithoutValPairsOrValBinIsRefusedBeforeItTrains() throws Exception {
    Files.delete(data.resolve("pairs/val.avro"));
    for (String command : List.of("search", "train")) {
      refused(
          "has no val pairs (pairs/val.avro), on which every candidate's reward is scored: give"
              + " --valBin=<verification .bin>",
          command,
          "--data=" + data,
          "--output=" + tmp.resolve(command));
      assertFalse(Files.exists(tmp.resolve(command)), "nothing written");
    }
  }

  @Test
  void trainTakesTheBinOptionsOfSearch() throws Exception {
    TrainOptions o =
        PipelineOptionsFactory.fromArgs(
                "--data=" + data,
                "--output=" + tmp.resolve("t"),
                "--valBin=/sets/lfw.bin",
                "--testBins=/sets/cfp_fp.bin,/sets/agedb_30.bin")
            .withValidation()
            .as(TrainOptions.class);
    EvalSets sets = SearchPipeline.evalSets(TrainCommand.asSearch(o));
    assertEquals("/sets/lfw.bin", sets.valBin());
    assertEquals(List.of("/sets/cfp_fp.bin", "/sets/agedb_30.bin"), sets.testBins());
    // and checks them as search does: a missing file is named
    refused(
        "--valBin=" + tmp.resolve("missing.bin") + ": no such file or directory",
        "train",
        "--data=" + data,
        "--output=" + tmp.resolve("t"),
        "--valBin=" + tmp.resolve("missing.bin"));
    lfs.reset();
    assertEquals(0, lfs.run("train", "--help"));
    assertTrue(lfs.out().contains("--valBin=<String>"), lfs.out());
    assertFalse(lfs.out().contains("--epochsPerRound"), lfs.out());
    assertFalse(lfs.out().contains("(default DirectRunner)"), lfs.out());
  }
}
