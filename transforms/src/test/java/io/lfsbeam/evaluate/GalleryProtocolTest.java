package io.lfsbeam.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.metrics.IdentificationResult;
import io.lfsbeam.schemas.FaceEmbedding;
import io.lfsbeam.schemas.Split;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class GalleryProtocolTest {
  static FaceEmbedding face(String identity, int number, double... v) {
    List<Float> vector = new ArrayList<>();
    for (double x : v) {
      vector.add((float) x);
    }
    return FaceEmbedding.newBuilder()
        .setId(identity + "_" + number)
        .setIdentity(identity)
        .setImageNumber(number)
        .setSourcePath(identity + "/" + number + ".png")
        .setSplit(Split.TEST)
        .setVector(vector)
        .build();
  }

  @Test
  void parsesTheOrlProtocol() {
    GalleryProtocol g = GalleryProtocol.parse("enrol:2,4,5,7,9");
    for (int n : new int[] {2, 4, 5, 7, 9}) {
      assertTrue(g.isGallery(n));
    }
    for (int n : new int[] {1, 3, 6, 8, 10}) {
      assertFalse(g.isGallery(n));
    }
    assertEquals("enrol:2,4,5,7,9", g.toString());
    assertEquals(g, GalleryProtocol.parse(" enroll: 9,7,5,4,2 "));
    assertEquals(g, GalleryProtocol.enrol(2, 4, 5, 7, 9));
  }

  @Test
  void refusesMalformedSpecs() {
    for (String bad :
        new String[] {"2,4,5", "probe:1,2", "enrol:", "enrol:1,x", "enrol:1,1", "enrol:-1"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> GalleryProtocol.parse(bad), bad);
      assertTrue(e.getMessage().contains("'"), e.getMessage());
    }
  }

  @Test
  void templatesAreMeansOfTheEnrolmentImages() {
    // X enrols (1,0,0) and (0,1,0): its template points at (1,1,0)/√2. The X probe (0.6,0.8,0) has
    // cosine 0.99 with that template and 0.96 with Y's template, so it is rank 1, whereas against
    // X's single images (best 0.8) Y would win: this pins the mean-template choice.
    List<FaceEmbedding> faces =
        List.of(
            face("X", 1, 1, 0, 0),
            face("X", 2, 0, 1, 0),
            face("X", 3, 0.6, 0.8, 0),
            face("Y", 1, 0.8, 0.6, 0),
            face("Y", 3, 0.8, 0.6, 0.01),
            face("Z", 2, 0, 0, 1),
            face("Z", 3, 0.7, 0.6, 0.2), // Z's probe is nearer Y, then X: rank 3
            face("W", 3, 0, 0, 1)); // W has no enrolment image: a miss at every rank
    IdentificationResult r = GalleryProtocol.enrol(1, 2).identify(faces);
    assertEquals(4, r.probeCount());
    assertEquals(0.5, r.rank1(), 1e-12, r.toString());
    assertEquals(0.75, r.rank5(), 1e-12, r.toString());
    assertEquals(1, r.probesNotInGallery());
    List<FaceEmbedding> reversed = new ArrayList<>(faces);
    Collections.reverse(reversed);
    assertEquals(
        r.toString(),
        GalleryProtocol.enrol(1, 2).identify(reversed).toString(),
        "input order does not matter");
  }

  @Test
  void aProtocolThatSelectsNothingIsAnError() {
    List<FaceEmbedding> faces = List.of(face("X", 1, 1, 0), face("X", 2, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> GalleryProtocol.enrol(7).identify(faces));
    assertThrows(IllegalArgumentException.class, () -> GalleryProtocol.enrol(1, 2).identify(faces));
  }
}
