package io.lfsbeam.preprocess;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.DatasetManifest;
import io.lfsbeam.schemas.DeadLetter;
import io.lfsbeam.schemas.VerificationPair;
import io.lfsbeam.testing.FastDirectRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;

/** Runs the preprocess composite on the DirectRunner into a folder and reads everything back. */
final class PreprocessRun {
  final DatasetManifest manifest;
  final List<AlignedFace> faces;
  final List<DeadLetter> deadLetters;
  final List<DeadLetter> duplicates;
  final Path output;

  private PreprocessRun(Path output) throws IOException {
    this.output = output;
    this.manifest = AvroFiles.read(output + "/manifest.avro", DatasetManifest.class).get(0);
    this.faces = AvroFiles.readAll(output + "/faces/*.avro", AlignedFace.class);
    this.deadLetters =
        AvroFiles.match(output + "/dead_letters.avro").isEmpty()
            ? List.of()
            : AvroFiles.read(output + "/dead_letters.avro", DeadLetter.class);
    this.duplicates =
        AvroFiles.match(output + "/duplicates.avro").isEmpty()
            ? List.of()
            : AvroFiles.read(output + "/duplicates.avro", DeadLetter.class);
  }

  static PreprocessRun run(PreprocessFaces transform, Path output) throws IOException {
    PipelineOptions options = FastDirectRunner.options();
    Pipeline p = Pipeline.create(options);
    p.apply("Preprocess", transform)
        .apply("Write", WritePreprocessed.to(output.toString(), "test"));
    PipelineResult.State state = p.run().waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("pipeline ended " + state);
    }
    return new PreprocessRun(output);
  }

  List<VerificationPair> pairs(String split) throws IOException {
    return AvroFiles.read(output + "/pairs/" + split + ".avro", VerificationPair.class);
  }
}
