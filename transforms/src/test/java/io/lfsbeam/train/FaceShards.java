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
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

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
    return AvroFiles.writeShards(
        dir.toString(), "train", AlignedFace.getClassSchema(), faces(data), shards);
  }

  /**
   * As {@link #write}, but every Avro block holds one record (the preprocess output's blocks hold a
   * few 112×112 faces; tiny test faces would otherwise share one block per shard), so a reader that
   * decodes blocks in parallel has many to reorder. Uncompressed.
   */
  public static List<String> writeOneFacePerBlock(Path dir, TrainingData data, int shards)
      throws IOException {
    List<AlignedFace> faces = faces(data);
    List<String> paths = new ArrayList<>();
    for (int s = 0; s < shards; s++) {
      Path path = dir.resolve(String.format(Locale.ROOT, "train-%05d-of-%05d.avro", s, shards));
      try (DataFileWriter<AlignedFace> w =
          new DataFileWriter<>(new SpecificDatumWriter<>(AlignedFace.class))) {
        w.setSyncInterval(32); // Avro's minimum: a block ends after the first record past it
        w.create(AlignedFace.getClassSchema(), path.toFile());
        for (int i = s; i < faces.size(); i += shards) {
          w.append(faces.get(i));
        }
      }
      paths.add(path.toString());
    }
    return paths;
  }

  private static List<AlignedFace> faces(TrainingData data) {
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
    return faces;
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
