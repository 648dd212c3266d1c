package io.lfsbeam.tf;

import com.sun.jna.Pointer;
import io.lfsbeam.io.LibC;
import java.util.ArrayList;
import java.util.List;

/**
 * The NVIDIA libraries TensorFlow 2.10.1 (the native build DJL 0.28 ships) opens at run time by
 * soname, and which of them this machine's dynamic loader cannot open.
 *
 * <p>Why ask the loader rather than only read TensorFlow's log: TensorFlow stops at the first
 * failure (without {@code libcuda.so.1} it never tries cuBLAS or cuDNN), so its log names one
 * missing piece per attempt; {@code dlopen} of each soname, as TensorFlow itself calls it, names
 * all of them at once. None is a link-time dependency, so {@code LD_LIBRARY_PATH} set before the
 * JVM starts is enough; CUDA 12 or cuDNN 9 libraries do not satisfy these names (see
 * ../shared/STACK.md, "GPU facts").
 */
public final class CudaLibraries {
  /** A library TensorFlow opens and what it is. */
  public record Lib(String soname, String what) {}

  /** In the order TensorFlow needs them: driver, runtime, then the libraries of the GPU kernels. */
  public static final List<Lib> TENSORFLOW_2_10 =
      List.of(
          new Lib("libcuda.so.1", "NVIDIA driver"),
          new Lib("libcudart.so.11.0", "CUDA 11 runtime"),
          new Lib("libcublas.so.11", "cuBLAS 11"),
          new Lib("libcublasLt.so.11", "cuBLASLt 11"),
          new Lib("libcufft.so.10", "cuFFT 10"),
          new Lib("libcurand.so.10", "cuRAND 10"),
          new Lib("libcusolver.so.11", "cuSOLVER 11"),
          new Lib("libcusparse.so.11", "cuSPARSE 11"),
          new Lib("libcudnn.so.8", "cuDNN 8"));

  private static final int RTLD_LAZY = 0x1;

  private CudaLibraries() {}

  /**
   * The sonames of {@link #TENSORFLOW_2_10} that {@code dlopen} cannot open, in that order. Each
   * one that opens is closed again at once. (The loader's reason is not kept: glibc's {@code
   * dlerror} buffer does not survive JNA's calls reliably; TensorFlow's log has the reasons for
   * those it tried.)
   */
  public static List<String> missing() {
    return missing(TENSORFLOW_2_10.stream().map(Lib::soname).toList());
  }

  /** Those of {@code sonames} that {@code dlopen} cannot open, in the given order. */
  static List<String> missing(List<String> sonames) {
    List<String> out = new ArrayList<>();
    for (String soname : sonames) {
      Pointer handle = LibC.dlopen(soname, RTLD_LAZY);
      if (handle == null) {
        out.add(soname);
      } else {
        LibC.dlclose(handle);
      }
    }
    return out;
  }
}
