package io.lfsbeam.examples;

import io.lfsbeam.preprocess.FaceImages;
import io.lfsbeam.schemas.DeadLetter;
import io.lfsbeam.schemas.FaceImage;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;

/**
 * One line of the manifest, {@code uri,identity} or {@code uri,identity,x1,y1,...,x5,y5} (the five
 * landmarks: left eye, right eye, nose tip, left and right mouth corner), as the image reference
 * lfs-beam preprocesses; a line it cannot read becomes a dead letter (stage {@code manifest}), so
 * every line is accounted for. A first line starting with {@code uri,} is the header.
 */
final class ManifestLines extends DoFn<String, FaceImage> {
  static final TupleTag<FaceImage> IMAGES = new TupleTag<>() {};
  static final TupleTag<DeadLetter> DEAD = new TupleTag<>() {};

  private final String manifest;

  ManifestLines(String manifest) {
    this.manifest = manifest;
  }

  @ProcessElement
  public void process(@Element String line, MultiOutputReceiver out) {
    String t = line.strip();
    if (t.isEmpty() || t.startsWith("uri,")) {
      return;
    }
    String[] f = t.split(",", -1);
    try {
      if (f.length != 2 && f.length != 2 + FaceImages.LANDMARK_VALUES) {
        throw new IllegalArgumentException(
            f.length + " columns, expected 2 (uri, identity) or 12 (and 10 landmark coordinates)");
      }
      double[] landmarks = null;
      if (f.length > 2) {
        landmarks = new double[FaceImages.LANDMARK_VALUES];
        for (int i = 0; i < landmarks.length; i++) {
          landmarks[i] = Double.parseDouble(f[2 + i].strip());
        }
      }
      out.get(IMAGES).output(FaceImages.of(f[0], f[1], landmarks));
    } catch (IllegalArgumentException e) { // NumberFormatException included
      out.get(DEAD)
          .output(
              DeadLetter.newBuilder()
                  .setSource(manifest + ": " + t)
                  .setStage("manifest")
                  .setReason("BAD_MANIFEST_LINE")
                  .setMessage(String.valueOf(e.getMessage()))
                  .setRecordId(null)
                  .build());
    }
  }
}
