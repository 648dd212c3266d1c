package io.lfsbeam.pipelines;

import io.lfsbeam.synth.SyntheticFaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

  /** Options of a tiny search; an {@code extra} option replaces the base option it names. */
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
    List<String> all = new ArrayList<>();
    for (String b : base) {
      String name = b.substring(0, b.indexOf('=') + 1);
      if (Arrays.stream(extra).noneMatch(e -> e.startsWith(name))) {
        all.add(b);
      }
    }
    all.addAll(Arrays.asList(extra));
    return PipelineOptionsFactory.fromArgs(all.toArray(String[]::new))
        .withValidation()
        .as(SearchOptions.class);
  }
}
