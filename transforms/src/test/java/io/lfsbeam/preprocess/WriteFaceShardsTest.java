package io.lfsbeam.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.io.SortedAvroWriter;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.AlignmentMethod;
import io.lfsbeam.schemas.DeadLetter;
import io.lfsbeam.schemas.Split;
import io.lfsbeam.testing.FastDirectRunner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.IterableCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shard writer's join: decisions and images of one shard index meet in one group, whatever
 * their order; the files hold exactly the accepted faces with their images, sorted by id, and are
 * the bytes the record-by-record writer gives for the same whole records.
 */
class WriteFaceShardsTest {
  @TempDir Path tmp;

  private static AlignedFace record(String id, Split split, int label) {
    return AlignedFace.newBuilder()
        .setId(id)
        .setIdentity("person-" + label)
        .setLabel(label)
        .setSplit(split)
        .setSourcePath("person-" + label + "/" + id + ".jpg")
        .setImageNumber(3)
        .setImage(ByteBuffer.allocate(0))
        .setWidth(112)
        .setHeight(112)
        .setAlignment(AlignmentMethod.LANDMARKS)
        .setTemplate("arcface-112x112")
        .setTransform(List.of(1.0, 0.0, 2.0, 0.0, 1.0, 3.0))
        .setAlignmentResidual(0.5)
        .setContentHash("hash-" + id)
        .build();
  }

  private static byte[] png(String id) {
    return ("png of " + id).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static ShardEntry face(AlignedFace decided) {
    AlignedFace prepared = PreprocessFaces.shallowCopy(decided);
    prepared.setLabel(-1);
    prepared.setSplit(Split.UNASSIGNED);
    prepared.setImageNumber(0);
    return ShardEntry.face(prepared, png(decided.getId()));
  }

  @Test
  void theCoderKeepsEveryKind() throws Exception {
    AlignedFace r = record("00aa", Split.VAL, 4);
    DeadLetter d =
        DeadLetter.newBuilder()
            .setSource("x.jpg")
            .setStage("decode")
            .setReason("UNDECODABLE")
            .setMessage("m")
            .setRecordId("00ab")
            .build();
    List<ShardEntry> in =
        List.of(ShardEntry.face(r, png("00aa")), ShardEntry.decision(r), ShardEntry.dead(d));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (ShardEntry e : in) {
      ShardEntry.Coder.of().encode(e, bytes);
    }
    ByteArrayInputStream back = new ByteArrayInputStream(bytes.toByteArray());
    ShardEntry face = ShardEntry.Coder.of().decode(back);
    ShardEntry decision = ShardEntry.Coder.of().decode(back);
    ShardEntry dead = ShardEntry.Coder.of().decode(back);
    assertEquals(ShardEntry.Kind.FACE, face.kind());
    assertEquals(r, face.record());
    assertArrayEquals(png("00aa"), face.png());
    assertEquals(ShardEntry.Kind.DECISION, decision.kind());
    assertEquals(r, decision.record());
    assertNull(decision.png());
    assertEquals(d, dead.deadLetter());
    assertEquals("00ab", dead.id());
    assertEquals(-1, back.read(), "nothing left over");
  }

  @Test
  void writesAcceptedFacesWithTheirImagesAndDropsTheRest() throws Exception {
    int shards = 1;
    List<AlignedFace> accepted =
        List.of(
            record("0003", Split.TRAIN, 1),
            record("0001", Split.TRAIN, 1),
            record("0002", Split.TEST, 2),
            record("0010", Split.TRAIN, 0));
    List<KV<Integer, ShardEntry>> entries = new ArrayList<>();
    // images first for some, decisions first for others; one image nobody accepted (a duplicate)
    entries.add(KV.of(0, face(accepted.get(0))));
    for (AlignedFace a : accepted) {
      entries.add(KV.of(0, ShardEntry.decision(a)));
    }
    for (AlignedFace a : accepted.subList(1, accepted.size())) {
      entries.add(KV.of(0, face(a)));
    }
    entries.add(KV.of(0, face(record("0002a", Split.TRAIN, 2))));
    Path dir = tmp.resolve("faces");
    Files.createDirectories(dir);
    runWriter(dir.toString(), shards, entries);

    List<String> files;
    try (var s = Files.list(dir)) {
      files = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertEquals(List.of("test-00000-of-00001.avro", "train-00000-of-00001.avro"), files);
    List<AlignedFace> train = AvroFiles.read(dir + "/train-00000-of-00001.avro", AlignedFace.class);
    assertEquals(List.of("0001", "0003", "0010"), train.stream().map(AlignedFace::getId).toList());
    for (AlignedFace f : train) {
      byte[] img = new byte[f.getImage().remaining()];
      f.getImage().duplicate().get(img);
      assertArrayEquals(png(f.getId()), img);
      assertEquals(Split.TRAIN, f.getSplit());
    }

    // the same whole records through the record-by-record writer: the same bytes
    List<AlignedFace> whole = new ArrayList<>();
    for (AlignedFace a : accepted) {
      if (a.getSplit() == Split.TRAIN) {
        AlignedFace w = PreprocessFaces.shallowCopy(a);
        w.setImage(ByteBuffer.wrap(png(a.getId())));
        whole.add(w);
      }
    }
    whole.sort(Comparator.comparing(AlignedFace::getId));
    SortedAvroWriter.Encoder<AlignedFace> enc =
        new SortedAvroWriter.Encoder<>(AlignedFace.getClassSchema());
    Path expected = tmp.resolve("expected").resolve("train-00000-of-00001.avro");
    Files.createDirectories(expected.getParent());
    AvroFiles.<Object>write(
        expected.toString(),
        AlignedFace.getClassSchema(),
        AvroFiles.Blocks.STORED,
        w -> {
          for (AlignedFace f : whole) {
            w.appendEncoded(ByteBuffer.wrap(enc.encode(f)));
          }
        });
    assertArrayEquals(
        Files.readAllBytes(expected), Files.readAllBytes(dir.resolve("train-00000-of-00001.avro")));
  }

  @Test
  void aDecisionWithoutItsImageFailsTheWrite() {
    List<KV<Integer, ShardEntry>> entries =
        List.of(KV.of(0, ShardEntry.decision(record("0001", Split.TRAIN, 1))));
    Exception e =
        assertThrows(Exception.class, () -> runWriter(tmp.resolve("f").toString(), 1, entries));
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    assertTrue(
        root.getMessage().contains("no image reached the shard writer for face 0001"),
        root.toString());
  }

  /** One group per shard index, as the grouping hands it over. */
  private static void runWriter(String dir, int shards, List<KV<Integer, ShardEntry>> entries)
      throws Exception {
    Files.createDirectories(Path.of(dir));
    List<KV<Integer, Iterable<ShardEntry>>> groups = new ArrayList<>();
    List<ShardEntry> all = new ArrayList<>();
    entries.forEach(e -> all.add(e.getValue()));
    groups.add(KV.of(0, all));
    Pipeline p = Pipeline.create(FastDirectRunner.options());
    p.apply(
            Create.of(groups)
                .withCoder(KvCoder.of(VarIntCoder.of(), IterableCoder.of(ShardEntry.Coder.of()))))
        .apply(ParDo.of(new WriteFaceShards.WriteShardFn(dir, shards)));
    p.run().waitUntilFinish();
  }
}
