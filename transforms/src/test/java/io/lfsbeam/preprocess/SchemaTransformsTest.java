package io.lfsbeam.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.synth.SyntheticFaces;
import io.lfsbeam.testing.FastDirectRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.transforms.Group;
import org.apache.beam.sdk.schemas.transforms.Select;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The records that preprocess returns carry Beam schemas: Beam's schema transforms ({@code Group},
 * {@code Select}) apply to them as they are, as a data engineer's own pipeline would use them.
 */
class SchemaTransformsTest {
  @TempDir Path tmp;

  @Test
  void groupAndSelectApplyToThePreprocessedFacesAndDeadLetters() throws Exception {
    int identities = 5;
    int images = 3;
    Path data = tmp.resolve("synth");
    SyntheticFaces.builder()
        .identities(identities)
        .imagesPerIdentity(images)
        .imageSize(128)
        .seed(11)
        .difficulty(0)
        .corruptFraction(0.2)
        .build()
        .write(data);
    // broken files synth added beside the good ones, read back from its own list
    List<String> corrupt = Files.readAllLines(data.resolve("corrupt.txt"));

    Pipeline p = Pipeline.create(FastDirectRunner.options());
    PreprocessFaces.Result r =
        p.apply(
            PreprocessFaces.fromFolder(data.toString())
                .withLandmarks(data.resolve("landmarks.txt").toString())
                .withConfig(PreprocessConfig.defaults().withMinImagesPerIdentity(1)));
    assertTrue(r.faces().hasSchema());
    assertTrue(r.deadLetters().hasSchema());

    PCollection<Row> perIdentity =
        r.faces()
            .apply(
                "FacesPerIdentity",
                Group.<AlignedFace>byFieldNames("identity")
                    .aggregateField("id", Count.combineFn(), "faces"));
    PCollection<Row> identityAndSize =
        r.faces().apply("IdentityAndSize", Select.fieldNames("identity", "width", "height"));
    PCollection<Row> deadReasons =
        r.deadLetters().apply("Reasons", Select.fieldNames("source", "stage", "reason"));

    PAssert.that(identityAndSize)
        .satisfies(
            rows -> {
              int n = 0;
              for (Row row : rows) {
                assertEquals(
                    List.of("identity", "width", "height"), row.getSchema().getFieldNames());
                assertEquals(112, row.getInt32("width"));
                assertEquals(112, row.getInt32("height"));
                n++;
              }
              assertEquals(identities * images, n);
              return null;
            });
    PAssert.that(perIdentity)
        .satisfies(
            rows -> {
              long total = 0;
              List<String> names = new ArrayList<>();
              for (Row row : rows) {
                names.add(row.getRow("key").getString("identity"));
                total += row.getRow("value").getInt64("faces");
              }
              assertEquals(identities, names.size(), names.toString());
              assertEquals(identities * images, total);
              return null;
            });
    PAssert.that(deadReasons)
        .satisfies(
            rows -> {
              List<String> sources = new ArrayList<>();
              for (Row row : rows) {
                sources.add(row.getString("source"));
                assertTrue(!row.getString("reason").isEmpty(), row.toString());
              }
              assertEquals(corrupt.size(), sources.size(), sources.toString());
              for (String line : corrupt) {
                assertTrue(sources.contains(line.split("\t")[0]), line + " not in " + sources);
              }
              return null;
            });
    p.run().waitUntilFinish();
  }
}
