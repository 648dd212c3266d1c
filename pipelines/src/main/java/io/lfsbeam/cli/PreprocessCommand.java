package io.lfsbeam.cli;

import io.lfsbeam.pipelines.PreprocessOptions;
import io.lfsbeam.pipelines.PreprocessPipeline;
import io.lfsbeam.schemas.DatasetManifest;

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
    return "Decode, align (landmarks or center-crop), dedup, split by identity, build pairs; write Avro shards + manifest";
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
    try {
      PreprocessPipeline.config(o);
      PreprocessPipeline.split(o);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
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
    return 0;
  }
}
