package io.lfsbeam.pipelines;

import io.lfsbeam.synth.SyntheticFaces;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** A small synthetic face set, preprocessed once per test JVM (train/val/test with pairs). */
final class TestData {
  private static Path data;

  private TestData() {}

  static synchronized Path preprocessed() throws Exception {
    if (data == null) {
      Path root = Files.createTempDirectory("lfs-testdata");
      SyntheticFaces.builder()
          .identities(30)
          .imagesPerIdentity(6)
          .imageSize(112)
          .seed(21)
          .build()
          .write(root.resolve("faces"));
      PreprocessOptions o =
          PipelineOptionsFactory.fromArgs(
                  "--input=" + root.resolve("faces"),
                  "--landmarks=" + root.resolve("faces/landmarks.txt"),
                  "--output=" + root.resolve("data"),
                  "--trainFraction=0.6",
                  "--valFraction=0.2",
                  "--testFraction=0.2",
                  "--pairsPerFold=10",
                  "--seed=3")
              .as(PreprocessOptions.class);
      PreprocessPipeline.run(o);
      data = root.resolve("data");
    }
    return data;
  }

  static SearchOptions search(Path data, Path output, String... extra) {
    String[] base = {
      "--data=" + data,
      "--output=" + output,
      "--backbone=tiny",
      "--epochsPerRound=0",
      "--stepsPerRound=4",
      "--batchSize=16",
      "--threads=1",
      "--seed=5"
    };
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return PipelineOptionsFactory.fromArgs(all).withValidation().as(SearchOptions.class);
  }
}
