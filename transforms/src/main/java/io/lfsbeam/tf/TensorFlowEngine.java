package io.lfsbeam.tf;

import ai.djl.engine.Engine;
import io.lfsbeam.io.JvmWideInit;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that loads TensorFlow: offline, through DJL, before any {@code org.tensorflow}
 * class.
 *
 * <p>Why this exists: touching an {@code org.tensorflow} class before DJL has loaded the native
 * libraries leaves the JVM with an {@code UnsatisfiedLinkError} for good; DJL, left to itself,
 * tries to download libraries (there is no network on workers) and phones home. Call {@link
 * #load()} first in every code path that uses TensorFlow; it is idempotent and thread-safe. It also
 * switches TensorFlow's oneDNN CPU kernels on unless the environment says otherwise ({@link
 * OneDnn}).
 */
public final class TensorFlowEngine {
  private static final Logger LOG = LoggerFactory.getLogger(TensorFlowEngine.class);
  public static final String ENGINE_NAME = "TensorFlow";
  private static volatile Engine engine;

  private TensorFlowEngine() {}

  /**
   * Loads the TensorFlow engine (unpacking the native libraries on first use, ~1 GB, ~8 s) and
   * returns it.
   */
  public static Engine load() {
    Engine e = engine;
    if (e != null) {
      return e;
    }
    synchronized (TensorFlowEngine.class) {
      if (engine == null) {
        configureOffline();
        // TensorFlow reads TF_ENABLE_ONEDNN_OPTS once, while its library loads, and
        // TF_CPP_MIN_LOG_LEVEL at its first log line: set both first.
        OneDnn.applyBeforeLoad();
        NativeLog.applyBeforeLoad();
        long start = System.nanoTime();
        try {
          engine = getEngine();
        } catch (RuntimeException | UnsatisfiedLinkError err) {
          throw new IllegalStateException(
              "TensorFlow could not be loaded through DJL (cache "
                  + cacheDir()
                  + "): "
                  + err.getMessage(),
              err);
        }
        LOG.info(
            "TensorFlow {} loaded in {} ms (DJL cache {}), {}",
            engine.getVersion(),
            (System.nanoTime() - start) / 1_000_000,
            cacheDir(),
            OneDnn.describe());
      }
      return engine;
    }
  }

  /**
   * DJL's engine, loaded through {@link JvmWideInit}: loading it starts threads that live as long
   * as the JVM (JavaCPP's deallocator, JNA's cleaner when DJL probes CUDA), and a thread started
   * from a job's stack keeps that job's class loader for a session cluster's TaskManager's whole
   * life. DJL finds its engines through the context class loader, the system loader there: DJL and
   * TensorFlow must come from the cluster's lib/ anyway (a JNI library loads once per JVM,
   * deploy/README.md), and on the embedded and direct runners everything is on the class path.
   */
  private static Engine getEngine() {
    return JvmWideInit.callStatic(
        Engine.class, "getEngine", MethodType.methodType(Engine.class, String.class), ENGINE_NAME);
  }

  /** Where DJL unpacks the native libraries: {@code DJL_CACHE_DIR}, or {@code ~/.lfs-beam/djl}. */
  public static Path cacheDir() {
    String prop = System.getProperty("DJL_CACHE_DIR");
    if (prop == null) {
      prop = System.getenv("DJL_CACHE_DIR");
    }
    return prop != null
        ? Paths.get(prop)
        : Paths.get(System.getProperty("user.home"), ".lfs-beam", "djl");
  }

  private static void configureOffline() {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("OPT_OUT_TRACKING", "true");
    setIfAbsent("DJL_CACHE_DIR", cacheDir().toString());
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null && System.getenv(key) == null) {
      System.setProperty(key, value);
    }
  }
}
