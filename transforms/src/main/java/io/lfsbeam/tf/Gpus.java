package io.lfsbeam.tf;

import ai.djl.util.cuda.CudaUtils;
import io.lfsbeam.io.JvmWideInit;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GPUs this JVM can train on, asked once: DJL's probe (the CUDA runtime's device count, the
 * test its TensorFlow engine makes) logs a warning on every call on a machine whose CUDA runtime
 * finds no driver ("CUDA driver version is insufficient"), which said nothing useful four times a
 * run; the device {@code auto} picked is reported once instead ({@link #reportAuto}).
 */
public final class Gpus {
  private static final Logger LOG = LoggerFactory.getLogger(Gpus.class);
  private static volatile Integer count;
  private static final AtomicBoolean REPORTED = new AtomicBoolean();

  private Gpus() {}

  /** GPUs DJL sees; 0 without a CUDA runtime or driver. */
  public static int count() {
    Integer c = count;
    if (c == null) {
      synchronized (Gpus.class) {
        if (count == null) {
          int n;
          try {
            // through JvmWideInit: where a CUDA runtime is installed DJL opens it through JNA,
            // which may start JNA's cleaner thread, and that would keep this job's loader
            n =
                JvmWideInit.callStatic(
                    CudaUtils.class, "getGpuCount", MethodType.methodType(int.class));
          } catch (RuntimeException | LinkageError e) {
            n = 0;
          }
          count = n;
        }
        c = count;
      }
    }
    return c;
  }

  /**
   * One info line per JVM saying which device {@code --device=auto} chose: "no GPU found: training
   * on CPU", or the GPU. Later calls do nothing.
   *
   * @param gpu whether auto chose a GPU
   */
  public static void reportAuto(boolean gpu) {
    if (!REPORTED.compareAndSet(false, true)) {
      return;
    }
    if (gpu) {
      LOG.info("{} GPU(s) found: training on GPU 0 (--device=gpu:N picks another)", count());
    } else {
      LOG.info("no GPU found: training on CPU (lfs doctor tells why)");
    }
  }
}
