package io.lfsbeam.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.metrics.LfwPair;
import io.lfsbeam.metrics.LfwPairs;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.AlignmentMethod;
import io.lfsbeam.schemas.Split;
import io.lfsbeam.schemas.VerificationPair;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;

/**
 * pairs.txt names resolve by identity + image number across all splits; missing names fail with the
 * names.
 */
class ResolveLfwPairsTest {
  static AlignedFace face(String identity, int number, Split split) {
    return AlignedFace.newBuilder()
        .setId(identity + "#" + number)
        .setIdentity(identity)
        .setLabel(0)
        .setSplit(split)
        .setSourcePath(identity + "/" + number + ".png")
        .setImageNumber(number)
        .setImage(ByteBuffer.allocate(0))
        .setWidth(112)
        .setHeight(112)
        .setAlignment(AlignmentMethod.LANDMARKS)
        .setContentHash(identity + number)
        .build();
  }

  static final List<AlignedFace> FACES =
      List.of(
          face("Ann", 1, Split.TRAIN),
          face("Ann", 2, Split.TRAIN),
          face("Bob", 1, Split.TEST),
          face("Bob", 3, Split.TEST),
          face("Cid", 1, Split.VAL));

  static VerificationPair pair(String left, String right, boolean same, int fold) {
    return VerificationPair.newBuilder()
        .setLeftId(left)
        .setRightId(right)
        .setSame(same)
        .setFold(fold)
        .build();
  }

  @Test
  void namesResolveAcrossSplitsWithTheirFolds() {
    List<LfwPair> lfw =
        LfwPairs.parse("2\t1\nAnn\t1\t2\nAnn\t1\tBob\t3\nBob\t1\t3\nCid\t1\tBob\t1\n");
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<VerificationPair> resolved =
        p.apply(Create.of(FACES).withCoder(AvroCoder.of(AlignedFace.class)))
            .apply(ResolveLfwPairs.of(lfw, "pairs.txt"));
    PAssert.that(resolved)
        .containsInAnyOrder(
            pair("Ann#1", "Ann#2", true, 0),
            pair("Ann#1", "Bob#3", false, 0),
            pair("Bob#1", "Bob#3", true, 1),
            pair("Cid#1", "Bob#1", false, 1));
    p.run().waitUntilFinish();
  }

  @Test
  void missingNamesFailTheRunListingTheFirstFew() {
    List<LfwPair> lfw =
        LfwPairs.parse(
            "1\t3\nAnn\t1\t7\nZed\t1\t2\nBob\t1\t3\n"
                + "Ann\t1\tYul\t4\nAnn\t2\tBob\t1\nXia\t1\tWes\t5\n");
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(Create.of(FACES).withCoder(AvroCoder.of(AlignedFace.class)))
        .apply(ResolveLfwPairs.of(lfw, "lfw.txt"));
    RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
    Throwable cause = e;
    while (!(cause instanceof IllegalArgumentException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String m = cause.getMessage();
    assertTrue(cause instanceof IllegalArgumentException, e.toString());
    assertTrue(m.startsWith("lfw.txt: 6 images named by its 6 pairs are not in the data"), m);
    assertTrue(
        m.contains("e.g. Ann 7, Wes 5, Xia 1, Yul 4, Zed 1, ..."),
        "first five in name order: " + m);
  }

  @Test
  void noPairsIsRefusedAtConstruction() {
    assertThrows(IllegalArgumentException.class, () -> ResolveLfwPairs.of(List.of(), "empty.txt"));
  }

  @Test
  void messageForOneMissingNameIsSingular() {
    String m =
        ResolveLfwPairs.message("p.txt", 10, new ResolveLfwPairs.MissingNames(1, List.of("Ann 9")));
    assertEquals(
        "p.txt: 1 image named by its 10 pairs is not in the data (identity + imageNumber, all splits), e.g."
            + " Ann 9; see the preprocess dead letters",
        m);
  }
}
