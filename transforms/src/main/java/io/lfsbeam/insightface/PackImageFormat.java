package io.lfsbeam.insightface;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.lfsbeam.image.PngDecoder;
import io.lfsbeam.image.RgbImage;
import io.lfsbeam.options.Choice;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * How exported faces are stored in a pack's records. Both decode in insightface's readers (OpenCV
 * {@code imdecode}, DALI).
 */
public enum PackImageFormat implements Choice {
  /**
   * The preprocess output's PNG bytes as they are: lossless (a round trip gives the same pixels)
   * and no re-encoding; about 2 to 3 times the size of a JPEG face.
   */
  PNG,
  /** Re-encoded as JPEG at a quality: smaller, as published packs are, but lossy. */
  JPEG;

  @JsonCreator
  public static PackImageFormat parse(String text) {
    return Choice.parse(PackImageFormat.class, text);
  }

  /** The record's image bytes for a face stored as {@code png}; {@code quality} in 1..100. */
  public byte[] fromPng(byte[] png, int quality) throws IOException {
    if (this == PNG) {
      return png;
    }
    RgbImage image = PngDecoder.decodeRgb(png);
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream(png.length / 2);
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(quality / 100f);
      writer.write(null, new IIOImage(image.toBufferedImage(), null, null), p);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
