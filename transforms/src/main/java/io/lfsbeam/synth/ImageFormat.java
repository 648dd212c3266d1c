package io.lfsbeam.synth;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.lfsbeam.options.Choice;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Output encodings. Both encode in memory with explicit settings so that the same pixels always
 * give the same bytes: PNG through the JDK writer (no timestamps), JPEG at a fixed quality with
 * baseline (non-progressive) coding.
 */
public enum ImageFormat implements Choice {
  PNG("png"),
  JPG("jpg") {
    @Override
    public List<String> aliases() {
      return List.of("jpeg");
    }
  };

  /** JPEG quality: high enough that compression artefacts do not swamp the synthetic details. */
  public static final float JPEG_QUALITY = 0.92f;

  private final String extension;

  ImageFormat(String extension) {
    this.extension = extension;
  }

  /** File extension without the dot. */
  public String extension() {
    return extension;
  }

  /** Parses {@code png}, {@code jpg} or {@code jpeg}, any case (the CLI's {@code --format}). */
  @JsonCreator
  public static ImageFormat parse(String name) {
    return Choice.parse(ImageFormat.class, name);
  }

  /** The encoded file bytes of an RGB image. */
  public byte[] encode(BufferedImage image) {
    Iterator<ImageWriter> writers =
        ImageIO.getImageWritersByFormatName(this == PNG ? "png" : "jpeg");
    if (!writers.hasNext()) {
      throw new IllegalStateException("no ImageIO writer for " + this);
    }
    ImageWriter writer = writers.next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (this == JPG) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(JPEG_QUALITY);
        param.setProgressiveMode(ImageWriteParam.MODE_DISABLED);
      }
      writer.write(null, new IIOImage(image, null, null), param);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("encoding " + this + " failed", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
