package io.lfsbeam.io;

import ai.djl.engine.Engine;
import com.sun.jna.NativeLibrary;
import io.lfsbeam.image.DecodeResult;
import io.lfsbeam.image.ImageDecoder;
import io.lfsbeam.tf.TensorFlowEngine;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;

/**
 * The first calls of a job into JVM-wide state, the way lfs-beam makes them and the plain way;
 * {@link FirstTouchMain} runs one of them in a throwaway job class loader of a fresh JVM.
 */
public final class FirstTouchCaller {
  private FirstTouchCaller() {}

  /** LibC's first call: opens the C library, which starts JNA's cleaner thread. */
  public static void libC() {
    if (LibC.setenv("LFS_FIRST_TOUCH", "1", true) != 0) {
      throw new IllegalStateException("setenv failed: errno " + LibC.lastError());
    }
  }

  /** The same library opened from the job's own stack. */
  public static void jnaDirectly() {
    NativeLibrary.getInstance("c");
  }

  /** ImageDecoder's first decode (a 2×2 grey PGM): ImageIO's registry is built then. */
  public static void imageDecoder() {
    byte[] header = "P5\n2 2\n255\n".getBytes(StandardCharsets.US_ASCII);
    byte[] pgm = new byte[header.length + 4];
    System.arraycopy(header, 0, pgm, 0, header.length);
    DecodeResult result = new ImageDecoder().decode(pgm);
    if (!result.isDecoded()) {
      throw new IllegalStateException("the PGM did not decode: " + result);
    }
  }

  /** ImageIO's registry built from the job's own stack. */
  public static void imageIoDirectly() {
    ImageIO.getImageReadersByFormatName("pnm").hasNext();
  }

  /** TensorFlowEngine's first load: JavaCPP starts its deallocator thread then. */
  public static void tensorFlow() {
    TensorFlowEngine.load();
  }

  /** The engine loaded from the job's own stack (offline, from the same cache). */
  public static void tensorFlowDirectly() {
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("DJL_CACHE_DIR", TensorFlowEngine.cacheDir().toString());
    Engine.getEngine(TensorFlowEngine.ENGINE_NAME);
  }
}
