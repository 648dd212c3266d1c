package io.lfsbeam.image;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The fast road of {@link ImageDecoder} for colour JPEGs: the thread's reused JDK JPEG reader
 * decoding straight into packed RGB bytes. It answers only the plain case — a 3-channel JPEG whose
 * JDK image type is {@code TYPE_3BYTE_BGR} in sRGB, within the pixel limit, decoded without a
 * warning — and returns null for everything else (grey, CMYK, an ICC profile, a bad or truncated
 * file), which the general road then decodes or refuses with its reason, so the two roads never
 * disagree on an answer.
 */
final class JpegRgb {
  private static final ColorModel RGB =
      new ComponentColorModel(
          ColorSpace.getInstance(ColorSpace.CS_sRGB),
          false,
          false,
          Transparency.OPAQUE,
          DataBuffer.TYPE_BYTE);

  private static final ThreadLocal<ImageReader> READER = new ThreadLocal<>();

  private JpegRgb() {}

  /** The decoded face, or null when the general road must decide. */
  static DecodeResult decode(byte[] bytes, long maxPixels) {
    ImageReader reader = READER.get();
    if (reader == null) {
      reader = newReader();
      if (reader == null) {
        return null;
      }
      READER.set(reader);
    }
    List<String> warnings = new ArrayList<>();
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      int w = reader.getWidth(0);
      int h = reader.getHeight(0);
      if (w <= 0 || h <= 0 || (long) w * h > maxPixels) {
        return null;
      }
      ImageTypeSpecifier raw = reader.getRawImageType(0);
      if (raw == null || raw.getBufferedImageType() != BufferedImage.TYPE_3BYTE_BGR) {
        return null;
      }
      byte[] rgb = new byte[Math.multiplyExact(w * h, 3)];
      WritableRaster raster =
          Raster.createInterleavedRaster(
              new DataBufferByte(rgb, rgb.length), w, h, w * 3, 3, new int[] {0, 1, 2}, null);
      ImageReadParam param = reader.getDefaultReadParam();
      param.setDestination(new BufferedImage(RGB, raster, false, null));
      reader.addIIOReadWarningListener(ImageDecoder.collect(warnings));
      reader.read(0, param);
      if (!warnings.isEmpty()) {
        return null; // the general road reports truncation or keeps the warnings
      }
      return DecodeResult.decoded(new RgbImage(rgb, w, h), "jpeg", false, List.of());
    } catch (IOException | RuntimeException e) {
      // a reader that failed may hold a broken native state: start the next image afresh
      reader.dispose();
      READER.remove();
      return null;
    } finally {
      if (READER.get() == reader) {
        reader.reset();
      }
    }
  }

  private static ImageReader newReader() {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
    while (readers.hasNext()) {
      ImageReader r = readers.next();
      // the JDK's own reader; a plugin's may decode differently
      if (r.getClass().getName().startsWith("com.sun.imageio.plugins.jpeg.")) {
        return r;
      }
    }
    return null;
  }
}
