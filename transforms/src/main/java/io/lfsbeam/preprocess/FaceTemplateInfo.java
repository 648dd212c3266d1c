package io.lfsbeam.preprocess;

/** Name and size of the aligned output for a config. */
record FaceTemplateInfo(String name, int width, int height) {
  static FaceTemplateInfo of(PreprocessConfig c) {
    int w = c.template().endsWith("112x96") ? 96 : 112;
    String name = c.alignment() == io.lfsbeam.schemas.AlignmentMethod.CENTER_CROP ? "center-crop-112x" + w : c.template();
    return new FaceTemplateInfo(name, w, 112);
  }
}
