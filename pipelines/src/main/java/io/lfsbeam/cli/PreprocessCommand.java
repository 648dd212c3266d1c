package io.lfsbeam.cli;

import io.lfsbeam.pipelines.PreprocessOptions;
import io.lfsbeam.pipelines.PreprocessPipeline;
import io.lfsbeam.schemas.DatasetManifest;
import java.io.IOException;
import java.util.List;

/**
 * {@code lfs preprocess}: align a face dataset into Avro shards, pairs, dead letters and a
 * manifest.
 */
final class PreprocessCommand implements Command<PreprocessOptions> {
  @Override
  public String name() {
    return "preprocess";
  }

  @Override
  public String summary() {
    return "Decode, align (landmarks, center-crop, or none for an insightface pack), dedup, split by identity, build pairs; write Avro shards + manifest";
  }

  @Override
  public Class<PreprocessOptions> optionsType() {
    return PreprocessOptions.class;
  }

  @Override
  public void validate(PreprocessOptions o) {
    Checks.existingPath("input", o.getInput());
    if (o.getLandmarks() != null) {
      Checks.existingPath("landmarks", o.getLandmarks());
    }
    if (o.getClassNames() != null) {
      Checks.existingPath("classNames", o.getClassNames());
    }
    try {
      PreprocessPipeline.checkInput(o, PreprocessPipeline.format(o), PreprocessPipeline.config(o));
      PreprocessPipeline.split(o);
    } catch (IllegalArgumentException | IOException e) {
      throw new UsageException(e.getMessage());
    }
    Checks.writableFolder("output", o.getOutput());
  }

  @Override
  public List<String> outputs(PreprocessOptions o) {
    return List.of(o.getOutput());
  }

  @Override
  public int run(PreprocessOptions o) throws Exception {
    DatasetManifest m = PreprocessPipeline.run(o);
    System.out.printf(
        "preprocess: %d inputs = %d accepted + %d dead letters + %d duplicates; %d identities %s; output %s%n",
        m.getInputs(),
        m.getAccepted(),
        m.getDeadLettered(),
        m.getDuplicates(),
        m.getIdentities(),
        m.getCountsPerSplit(),
        o.getOutput());
    for (String line : PreprocessPipeline.inputReport(m)) {
      System.out.println("preprocess: " + line);
    }
    long truncated = m.getDeadLettersPerReason().getOrDefault("TRUNCATED", 0L);
    if (truncated > 0) {
      System.out.printf(
          "preprocess: warning: train.rec is truncated (%d records past its end; their byte offsets are in dead_letters.avro, reason TRUNCATED)%n",
          truncated);
    }
    return 0;
  }
}
