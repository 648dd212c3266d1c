package io.lfsbeam.image;

import io.lfsbeam.io.JvmWideInit;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes image file bytes into packed RGB with ImageIO: JPEG, PNG, BMP and GIF from the JDK,
 * PGM/PPM (ORL is PGM) from the TwelveMonkeys imageio-pnm plugin.
 *
 * <p>Untrusted bytes must not be able to exhaust memory: the image size is read from the header
 * ({@link ImageReader#getWidth} after {@code setInput}, before {@code read}) and anything above the
 * pixel limit is refused before a single pixel buffer is allocated. Every failure is a {@link
 * DecodeResult} with a reason code; no exception escapes for bad bytes.
 *
 * <p>Truncated JPEGs are a trap: the JDK reader does not throw, it warns ("Premature end of JPEG
 * file") and returns an image whose missing part is flat grey. Such a warning is treated as {@link
 * DecodeFailureReason#UNDECODABLE}; other warnings are kept on the result.
 *
 * <p>JPEG, the format of nearly every face dataset, takes a faster road to the same pixels: one
 * reader per thread, reused (creating the JDK's reader allocates its native decoder), and the
 * decoder writes straight into packed RGB bytes (a destination image whose bands are in RGB order,
 * so each decoded row is one array copy, and the bytes become the {@link RgbImage} as they are).
 * The default road decoded into a BGR image and copied it twice more, pixel by pixel, which cost
 * more than the decoding itself ({@code lfs bench align}: 270–380 against 600–850 µs of CPU per
 * 250×250 face under load, pixel-identical). Grey, CMYK and other JPEGs take the general road.
 *
 * <p>Thread-safe: each call uses its own reader, or its thread's.
 */
public final class ImageDecoder {
  /** 50 megapixels: far above any face dataset image, far below what would hurt a worker. */
  public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

  static {
    // Plugins on the class path (TwelveMonkeys PNM/BMP) register via ServiceLoader when ImageIO is
    // first touched. ImageIO's JVM-wide registry keeps, with each provider it registers, the access
    // context of the code that registered it: the first touch runs through JvmWideInit (the
    // system class loader's plugins, from no job's stack), and a rescan, which would keep this
    // job's loader for the JVM's life, happens only when the plugins are not visible that way
    // (deploy/README.md, "Many jobs on one session cluster").
    Iterator<?> pnmReaders =
        JvmWideInit.callStatic(
            ImageIO.class,
            "getImageReadersByFormatName",
            MethodType.methodType(Iterator.class, String.class),
            "pnm");
    if (!pnmReaders.hasNext()) {
      ImageIO.scanForPlugins();
    }
  }

  private final long maxPixels;

  public ImageDecoder() {
    this(DEFAULT_MAX_PIXELS);
  }

  public ImageDecoder(long maxPixels) {
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
    }
    this.maxPixels = maxPixels;
  }

  public long maxPixels() {
    return maxPixels;
  }

  /** Decodes the first image in {@code bytes} (the first frame of an animated GIF). */
  public DecodeResult decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      return DecodeResult.failed(DecodeFailureReason.ZERO_BYTES, "the file is empty");
    }
    if (isJpeg(bytes)) {
      DecodeResult fast = JpegRgb.decode(bytes, maxPixels);
      if (fast != null) {
        return fast;
      }
    }
    ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
    ImageReader reader = null;
    try {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return DecodeResult.failed(
            DecodeFailureReason.NOT_AN_IMAGE,
            "no image reader recognises these "
                + bytes.length
                + " bytes (starting "
                + hexPrefix(bytes)
                + ")");
      }
      reader = readers.next();
      String format = formatName(reader);
      reader.setInput(in, true, true);
      int w, h;
      try {
        w = reader.getWidth(0);
        h = reader.getHeight(0);
      } catch (IOException | RuntimeException e) {
        return DecodeResult.failed(
            DecodeFailureReason.UNDECODABLE, format + " header could not be read: " + describe(e));
      }
      if (w <= 0 || h <= 0) {
        return DecodeResult.failed(
            DecodeFailureReason.UNDECODABLE,
            format + " header declares an empty image " + w + "x" + h);
      }
      if ((long) w * h > maxPixels) {
        return DecodeResult.failed(
            DecodeFailureReason.TOO_MANY_PIXELS,
            String.format(
                Locale.ROOT,
                "%s header declares %dx%d = %d pixels, above the limit of %d",
                format,
                w,
                h,
                (long) w * h,
                maxPixels));
      }
      List<String> warnings = new ArrayList<>();
      reader.addIIOReadWarningListener(collect(warnings));
      BufferedImage img;
      try {
        img = reader.read(0);
      } catch (IOException | RuntimeException e) {
        return DecodeResult.failed(
            DecodeFailureReason.UNDECODABLE, format + " data could not be decoded: " + describe(e));
      }
      for (String warning : warnings) {
        if (isTruncation(warning)) {
          return DecodeResult.failed(
              DecodeFailureReason.UNDECODABLE,
              format + " data is truncated (reader warned: " + warning + ")");
        }
      }
      boolean grey = img.getColorModel().getNumColorComponents() == 1;
      return DecodeResult.decoded(RgbImage.fromBufferedImage(img), format, grey, warnings);
    } catch (RuntimeException e) {
      // Reader lookup itself can fail on hostile input; still an answer, not an exception.
      return DecodeResult.failed(
          DecodeFailureReason.UNDECODABLE, "image could not be read: " + describe(e));
    } finally {
      if (reader != null) {
        reader.dispose();
      }
      try {
        in.close();
      } catch (IOException ignored) {
        // in-memory stream: nothing to release
      }
    }
  }

  /** The JPEG start-of-image marker and the first byte of the next marker. */
  private static boolean isJpeg(byte[] b) {
    return b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff;
  }

  static IIOReadWarningListener collect(List<String> warnings) {
    return (source, warning) -> warnings.add(warning);
  }

  static boolean isTruncation(String warning) {
    String w = warning.toLowerCase(Locale.ROOT);
    return w.contains("premature end") || w.contains("truncat");
  }

  private static String formatName(ImageReader reader) {
    try {
      return reader.getFormatName().toLowerCase(Locale.ROOT);
    } catch (IOException e) {
      return reader.getOriginatingProvider() != null
          ? reader.getOriginatingProvider().getFormatNames()[0].toLowerCase(Locale.ROOT)
          : "image";
    }
  }

  static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder(e.getClass().getSimpleName());
    if (e.getMessage() != null) {
      sb.append(": ").append(e.getMessage());
    }
    Throwable cause = e.getCause();
    if (cause != null && cause != e) {
      sb.append(" (caused by ").append(cause.getClass().getSimpleName());
      if (cause.getMessage() != null) {
        sb.append(": ").append(cause.getMessage());
      }
      sb.append(')');
    }
    return sb.toString();
  }

  private static String hexPrefix(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(8, bytes.length); i++) {
      sb.append(String.format("%02x", bytes[i] & 0xff));
    }
    return sb.toString();
  }
}
