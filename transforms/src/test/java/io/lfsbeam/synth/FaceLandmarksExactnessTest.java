package io.lfsbeam.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.align.FaceLandmarks;
import io.lfsbeam.align.LandmarkFile;
import io.lfsbeam.testing.SharedData;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reported landmarks are where the renderer actually drew the features. */
class FaceLandmarksExactnessTest {

  /**
   * Debug markers are discs drawn at the canonical points through the drawing transform; their
   * pixel centroid, measured in a large render, must match the reported landmark to a fraction of a
   * pixel, at strong rotations, shifts and scales.
   */
  @Test
  void landmarksMatchWhereMarkersWereDrawnAtFullDifficulty() {
    int size = 800;
    for (int id = 0; id < 4; id++) {
      FaceTraits traits = FaceTraits.derive(11, id);
      for (int img = 0; img < 3; img++) {
        Nuisance n = Nuisance.derive(11, id, img, 1.0);
        RenderedFace face = FaceRenderer.render(traits, n, size, true);
        for (int p = 0; p < FaceLandmarks.COUNT; p++) {
          double[] c = centroidOf(face.image(), FaceRenderer.MARKER_COLOURS[p]);
          String where =
              "identity " + id + " image " + img + " point " + p + " rot " + n.rotationDeg();
          assertEquals(face.landmarks().x(p), c[0], 0.25, where);
          assertEquals(face.landmarks().y(p), c[1], 0.25, where);
        }
      }
    }
  }

  /** Semantics, not only geometry: the eye landmarks fall on the dark pupils. */
  @Test
  void eyeLandmarksSitOnThePupils() {
    for (int id = 0; id < 20; id++) {
      FaceTraits traits = FaceTraits.derive(5, id);
      RenderedFace face = FaceRenderer.render(traits, Nuisance.derive(5, id, 0, 0.0), 250);
      for (int p : new int[] {FaceLandmarks.LEFT_EYE, FaceLandmarks.RIGHT_EYE}) {
        int rgb =
            face.image()
                .getRGB(
                    (int) Math.round(face.landmarks().x(p)),
                    (int) Math.round(face.landmarks().y(p)));
        assertTrue(luma(rgb) < 80, "identity " + id + " point " + p + " luma " + luma(rgb));
      }
      // A pixel half an eye-width outside the eye is much brighter (sclera or skin), so the
      // dark pixel is specific to the pupil rather than a dark face.
      int outside =
          face.image()
              .getRGB(
                  (int)
                      Math.round(
                          face.landmarks().x(FaceLandmarks.LEFT_EYE) - 0.7 * traits.eyeHalfWidth()),
                  (int) Math.round(face.landmarks().y(FaceLandmarks.LEFT_EYE)));
      int centre =
          face.image()
              .getRGB(
                  (int) Math.round(face.landmarks().x(0)), (int) Math.round(face.landmarks().y(0)));
      assertTrue(luma(outside) > luma(centre) + 40, "identity " + id);
    }
  }

  /** Order and plausibility over many images at the default difficulty. */
  @Test
  void landmarksAreInsideTheImageAndInFaceOrder() {
    SyntheticFaces synth =
        SyntheticFaces.builder().identities(30).imagesPerIdentity(5).seed(3).build();
    for (int id = 0; id < 30; id++) {
      for (int img = 0; img < 5; img++) {
        FaceLandmarks l = synth.render(id, img).landmarks();
        for (int p = 0; p < FaceLandmarks.COUNT; p++) {
          assertTrue(l.x(p) >= 0 && l.x(p) < 250 && l.y(p) >= 0 && l.y(p) < 250);
        }
        assertTrue(l.x(FaceLandmarks.LEFT_EYE) < l.x(FaceLandmarks.RIGHT_EYE));
        assertTrue(l.x(FaceLandmarks.MOUTH_LEFT) < l.x(FaceLandmarks.MOUTH_RIGHT));
        // "Down" in the face's own frame: perpendicular to the eye axis.
        double ux = l.x(1) - l.x(0);
        double uy = l.y(1) - l.y(0);
        double norm = Math.hypot(ux, uy);
        double vx = -uy / norm;
        double vy = ux / norm;
        double eyeMidX = (l.x(0) + l.x(1)) / 2;
        double eyeMidY = (l.y(0) + l.y(1)) / 2;
        double nose = (l.x(2) - eyeMidX) * vx + (l.y(2) - eyeMidY) * vy;
        double mouth =
            ((l.x(3) + l.x(4)) / 2 - eyeMidX) * vx + ((l.y(3) + l.y(4)) / 2 - eyeMidY) * vy;
        assertTrue(nose > 5 && mouth > nose + 5, "id " + id + " img " + img + ": " + l);
      }
    }
  }

  /**
   * The nominal framing follows LFW: the mean of each coordinate over many synthetic images is
   * close to the mean of the published LFW landmark list (read in place from ../shared).
   */
  @Test
  void meanLandmarksResembleLfwFraming() throws IOException {
    Path lfw = SharedData.require("datasets/lfw_protocol_only/lfw_landmark.txt");
    double[] lfwMean = mean(LandmarkFile.read(lfw));
    SyntheticFaces synth =
        SyntheticFaces.builder().identities(60).imagesPerIdentity(4).seed(9).build();
    double[] sum = new double[10];
    int n = 0;
    for (int id = 0; id < 60; id++) {
      for (int img = 0; img < 4; img++) {
        double[] xy = synth.render(id, img).landmarks().toArray();
        for (int i = 0; i < 10; i++) {
          sum[i] += xy[i];
        }
        n++;
      }
    }
    for (int i = 0; i < 10; i++) {
      assertEquals(lfwMean[i], sum[i] / n, 6.0, "coordinate " + i);
    }
  }

  private static double[] mean(Map<String, FaceLandmarks> all) {
    double[] m = new double[10];
    for (FaceLandmarks l : all.values()) {
      double[] xy = l.toArray();
      for (int i = 0; i < 10; i++) {
        m[i] += xy[i] / all.size();
      }
    }
    return m;
  }

  private static double[] centroidOf(BufferedImage img, Color colour) {
    int target = colour.getRGB() & 0xFFFFFF;
    double sx = 0;
    double sy = 0;
    int count = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xFFFFFF) == target) {
          sx += x;
          sy += y;
          count++;
        }
      }
    }
    assertTrue(count >= 10, "marker " + colour + " found in " + count + " pixels");
    return new double[] {sx / count, sy / count};
  }

  private static int luma(int rgb) {
    return (299 * ((rgb >> 16) & 0xFF) + 587 * ((rgb >> 8) & 0xFF) + 114 * (rgb & 0xFF)) / 1000;
  }
}
