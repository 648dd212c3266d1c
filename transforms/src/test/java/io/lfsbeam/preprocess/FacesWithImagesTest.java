package io.lfsbeam.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.DeadLetter;
import io.lfsbeam.schemas.Split;
import io.lfsbeam.synth.SyntheticFaces;
import io.lfsbeam.testing.FastDirectRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole faces a library user gets: {@code Result.faces()} (decisions joined with their images
 * by id) holds exactly the records the shard writer puts in the files of the same run (decisions
 * and images sorted per shard), a second path to the same join; {@link AlignFaces} gives every
 * listed image back as a whole aligned face or a dead letter.
 */
class FacesWithImagesTest {
  /** What the DirectRunner's assertion saw (same JVM), compared with the files after the run. */
  private static final Map<String, AlignedFace> JOINED =
      new java.util.concurrent.ConcurrentHashMap<>();

  @TempDir Path tmp;

  @Test
  void facesWithImagesAreTheRecordsOfTheShards() throws Exception {
    Path data = tmp.resolve("synth");
    SyntheticFaces.builder()
        .identities(6)
        .imagesPerIdentity(3)
        .imageSize(128)
        .seed(21)
        .difficulty(0)
        .corruptFraction(0.2)
        .build()
        .write(data);
    // a byte-identical copy: a duplicate whose image must not come out
    Path person = Files.list(data).filter(Files::isDirectory).sorted().findFirst().orElseThrow();
    Path first = Files.list(person).sorted().findFirst().orElseThrow();
    Files.copy(first, person.resolve("copy-" + first.getFileName()));

    Path out = tmp.resolve("out");
    Pipeline p = Pipeline.create(FastDirectRunner.options());
    PreprocessFaces.Result r =
        p.apply(
            "Preprocess",
            PreprocessFaces.fromFolder(data.toString())
                .withConfig(
                    PreprocessConfig.defaults()
                        .withAlignment(io.lfsbeam.schemas.AlignmentMethod.CENTER_CROP)
                        .withMinImagesPerIdentity(1)));
    r.apply("Write", WritePreprocessed.to(out.toString(), "test"));
    PCollection<AlignedFace> faces = r.faces();
    assertTrue(faces == r.faces(), "one join, whatever the number of calls");
    PAssert.that(faces)
        .satisfies(
            got -> {
              got.forEach(f -> JOINED.put(f.getId(), f));
              return null;
            });
    JOINED.clear();
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
    Map<String, AlignedFace> shards =
        byId(AvroFiles.readAll(out + "/faces/*.avro", AlignedFace.class));
    assertFalse(shards.isEmpty());
    assertEquals(shards, new TreeMap<>(JOINED));
    JOINED.values().forEach(f -> assertTrue(f.getImage().remaining() > 0));
    JOINED.values().forEach(f -> assertTrue(f.getSplit() != Split.UNASSIGNED));
    assertEquals(1, AvroFiles.read(out + "/duplicates.avro", DeadLetter.class).size());
  }

  @Test
  void alignFacesGivesWholeFacesOrDeadLetters() throws Exception {
    Path data = tmp.resolve("synth2");
    SyntheticFaces.builder()
        .identities(3)
        .imagesPerIdentity(2)
        .imageSize(128)
        .seed(5)
        .difficulty(0)
        .corruptFraction(0.3)
        .build()
        .write(data);
    List<String> corrupt = Files.readAllLines(data.resolve("corrupt.txt"));
    Pipeline p = Pipeline.create(FastDirectRunner.options());
    PCollectionTuple listed = p.apply("List", ListFaceImages.fromFolder(data.toString()));
    PCollectionTuple aligned =
        listed
            .get(ListFaceImages.FACES)
            .apply(
                "AttachLandmarks", AttachLandmarks.from(data.resolve("landmarks.txt").toString()))
            .get(AttachLandmarks.FACES)
            .apply("Align", AlignFaces.with(PreprocessConfig.defaults()));
    PAssert.that(aligned.get(AlignFaces.ALIGNED))
        .satisfies(
            got -> {
              int n = 0;
              for (AlignedFace f : got) {
                assertEquals(112, f.getWidth());
                assertTrue(f.getImage().remaining() > 0, "the PNG is in the record");
                assertEquals(Split.UNASSIGNED, f.getSplit());
                n++;
              }
              assertEquals(3 * 2, n);
              return null;
            });
    PAssert.that(aligned.get(AlignFaces.DEAD))
        .satisfies(
            got -> {
              long n = 0;
              for (DeadLetter d : got) {
                n++;
              }
              assertEquals(corrupt.stream().filter(l -> !l.isBlank()).count(), n);
              return null;
            });
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
  }

  private static Map<String, AlignedFace> byId(List<AlignedFace> faces) {
    return faces.stream()
        .collect(Collectors.toMap(AlignedFace::getId, f -> f, (a, b) -> a, TreeMap::new));
  }
}
