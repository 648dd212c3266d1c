package io.lfsbeam.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Options of {@code lfs demo}: the whole path on data the project makes itself. */
public interface DemoOptions extends PipelineOptions {
  @Description("Output folder (faces/, data/, search/ with report.md and model/)")
  @Default.String("lfs-demo")
  String getOutput();

  void setOutput(String value);

  @Description("Synthetic identities")
  @Default.Integer(40)
  int getIdentities();

  void setIdentities(int value);

  @Description("Images per identity")
  @Default.Integer(10)
  int getImagesPerIdentity();

  void setImagesPerIdentity(int value);

  @Description("Search rounds")
  @Default.Integer(3)
  int getRounds();

  void setRounds(int value);

  @Description("Candidates per round")
  @Default.Integer(4)
  int getCandidates();

  void setCandidates(int value);

  @Description("Training epochs per candidate per round")
  @Default.Integer(3)
  int getEpochsPerRound();

  void setEpochsPerRound(int value);

  @Description("Seed for the faces, the split and the search")
  @Default.Long(7)
  long getSeed();

  void setSeed(long value);
}
