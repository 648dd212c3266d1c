package io.lfsbeam.preprocess;

import io.lfsbeam.schemas.FaceImage;
import io.lfsbeam.schemas.Point2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Image references from the caller's own listing (a manifest, a table, a database export) as the
 * {@link FaceImage} records that {@link PreprocessFaces#fromImages} and {@link AlignFaces} take: an
 * image URI on any Beam filesystem ({@code /data/a.jpg}, {@code gs://bucket/a.jpg}), its identity
 * and, when known, its five landmarks.
 *
 * <p>The URI is used as it is (no dataset root): it is the face's source path in every output and
 * dead letter, and its stable id is the hash of the URI ({@link StableHash#faceId}), so the same
 * reference gets the same id in every run.
 */
public final class FaceImages {
  /** Landmark coordinates per face: x, y of the 5 points. */
  public static final int LANDMARK_VALUES = 10;

  private FaceImages() {}

  /** A reference to the image at {@code uri} of {@code identity}, aligned as configured. */
  public static FaceImage of(String uri, String identity) {
    return of(uri, identity, null);
  }

  /**
   * A reference with its landmarks: {@value #LANDMARK_VALUES} pixel coordinates {@code x1, y1, ...,
   * x5, y5} of the left eye, right eye, nose tip, left and right mouth corner as seen in the image
   * (the LFW landmark order); null when unknown.
   *
   * @throws IllegalArgumentException for a blank URI or identity, or landmarks that are not 10
   *     finite numbers
   */
  public static FaceImage of(String uri, String identity, double[] landmarks) {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("an image reference needs a URI");
    }
    if (identity == null || identity.isBlank()) {
      throw new IllegalArgumentException("image " + uri + " has no identity");
    }
    List<Point2D> points = null;
    if (landmarks != null) {
      if (landmarks.length != LANDMARK_VALUES) {
        throw new IllegalArgumentException(
            "image "
                + uri
                + ": "
                + landmarks.length
                + " landmark values, expected "
                + LANDMARK_VALUES
                + " (x, y of 5 points)");
      }
      points = new ArrayList<>(5);
      for (int i = 0; i < LANDMARK_VALUES; i += 2) {
        if (!Double.isFinite(landmarks[i]) || !Double.isFinite(landmarks[i + 1])) {
          throw new IllegalArgumentException("image " + uri + ": a landmark is not a number");
        }
        points.add(new Point2D(landmarks[i], landmarks[i + 1]));
      }
    }
    String path = uri.strip();
    return FaceImage.newBuilder()
        .setId(StableHash.faceId(path))
        .setIdentity(identity.strip())
        .setRelativePath(path)
        .setSource(NO_ROOT)
        .setFileSize(-1)
        .setWidth(null)
        .setHeight(null)
        .setLandmarks(points)
        .build();
  }

  /** The source of a reference: no dataset root, its path is the whole URI. */
  static final String NO_ROOT = "";
}
