package io.lfsbeam.preprocess;

import io.lfsbeam.schemas.AlignedFace;
import java.nio.ByteBuffer;

/**
 * The progress names of the aligning steps and the whole-record form of an aligned face. Listed
 * images are read, decoded, aligned and encoded by {@link PrepareFaces} (the record and its PNG
 * apart, so the image crosses one grouping); a pack's faces come from {@link PackFaces} as whole
 * records ({@link AlignFn#alignedFace}) and are split the same way ({@link ShardEntry#ofAligned}).
 */
public final class AlignFaces {
  /** {@link io.lfsbeam.io.JvmProgress} counts of images listed and aligned, for progress lines. */
  public static final String LISTED_PROGRESS = "preprocess/listed";

  public static final String ALIGNED_PROGRESS = "preprocess/aligned";

  private AlignFaces() {}

  /** Whole aligned-face records. */
  static final class AlignFn {
    private AlignFn() {}

    /** The record of a face that aligned, with its PNG; label and split come later. */
    static AlignedFace alignedFace(
        String id, String identity, String path, FacePreparer.Outcome o, byte[] sourceBytes) {
      AlignedFace f = PrepareFaces.record(id, identity, path, o, sourceBytes);
      f.setImage(ByteBuffer.wrap(o.png()));
      return f;
    }
  }
}
