package io.lfsbeam.align;

/**
 * How a face is brought to the template geometry. The names match the Avro enum {@code
 * io.lfsbeam.schemas.AlignmentMethod}, so {@code AlignmentMethod.valueOf(m.name())} converts.
 */
public enum AlignMethod {
  /** Five landmarks → least-squares similarity onto the template → bilinear warp. */
  LANDMARKS,
  /** No landmarks: a centred crop resized to the template size ({@link CenterCrop}). */
  CENTER_CROP,
  /**
   * Already aligned (insightface packs hold faces warped to the 112×112 template): kept pixel for
   * pixel when the image has the template's size, refused with {@code WRONG_SIZE} otherwise.
   */
  NONE
}
