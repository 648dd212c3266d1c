package io.lfsbeam.train;

import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.AlignmentMethod;
import io.lfsbeam.schemas.Split;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Writes training images as AlignedFace Avro shards, as the preprocess output holds them. */
public final class FaceShards {
  private FaceShards() {}

  /**
   * Face i (id {@code f00000i}) goes to shard {@code i % shards}, in increasing i, so the file
   * order of shard s is s, s + shards, s + 2·shards, …
   *
   * @return the shard paths, sorted
   */
  public static List<String> write(Path dir, TrainingData data, int shards) throws IOException {
    List<AlignedFace> faces = new ArrayList<>();
    byte[] px = new byte[data.imageBytes()];
    for (int i = 0; i < data.size(); i++) {
      data.copyPixels(i, px, 0);
      faces.add(
          face(
              String.format(Locale.ROOT, "f%06d", i),
              data.label(i),
              Split.TRAIN,
              png(px, data.height(), data.width()),
              data.height(),
              data.width()));
    }
    return AvroFiles.writeShards(
        dir.toString(), "train", AlignedFace.getClassSchema(), faces, shards);
  }

  public static AlignedFace face(
      String id, int label, Split split, byte[] png, int height, int width) {
    return AlignedFace.newBuilder()
        .setId(id)
        .setIdentity("person" + label)
        .setLabel(label)
        .setSplit(split)
        .setSourcePath(id + ".png")
        .setImage(ByteBuffer.wrap(png))
        .setWidth(width)
        .setHeight(height)
        .setAlignment(AlignmentMethod.LANDMARKS)
        .setContentHash("00")
        .build();
  }

  /** Lossless PNG of H·W·3 RGB bytes. */
  public static byte[] png(byte[] rgb, int height, int width) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int o = (y * width + x) * 3;
        img.setRGB(x, y, (rgb[o] & 0xFF) << 16 | (rgb[o + 1] & 0xFF) << 8 | (rgb[o + 2] & 0xFF));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
