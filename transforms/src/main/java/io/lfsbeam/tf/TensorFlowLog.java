package io.lfsbeam.tf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What TensorFlow's native log (its stderr while loading and creating a session, at {@code
 * TF_CPP_MIN_LOG_LEVEL=0}) says about the machine: GPUs it created devices for, the CUDA/cuDNN
 * libraries it tried to open and could not, the driver, oneDNN, and the CPU instructions oneDNN
 * uses. Pure text parsing; the message formats are those of TensorFlow 2.10 (stream_executor's
 * dso_loader, gpu_device, cuda_driver, cuda_diagnostics; core/util and cpu_feature_guard).
 *
 * @param gpus GPUs TensorFlow created a device for
 * @param missingLibraries library soname → dlerror, for each one it could not open, in log order
 * @param driverProblems why the CUDA driver did not start (cuInit failures, no kernel driver)
 * @param gpuLibrariesSkipped TensorFlow saw a GPU but skipped it for missing libraries
 * @param oneDnnOnLine TensorFlow printed that oneDNN's custom operations are on
 * @param oneDnnInstructions CPU instructions oneDNN uses in performance-critical operations
 */
public record TensorFlowLog(
    List<Gpu> gpus,
    Map<String, String> missingLibraries,
    List<String> driverProblems,
    boolean gpuLibrariesSkipped,
    boolean oneDnnOnLine,
    String oneDnnInstructions) {

  /** A GPU device TensorFlow created: index, product name, memory it took, compute capability. */
  public record Gpu(
      int index, String name, long memoryMegabytes, String pciBus, String capability) {
    @Override
    public String toString() {
      return "GPU:"
          + index
          + " "
          + name
          + ", "
          + memoryMegabytes
          + " MB for TensorFlow, compute capability "
          + capability
          + " (PCI "
          + pciBus
          + ")";
    }
  }

  /** Whether oneDNN is on, and what said so. */
  public record OneDnn(boolean on, String evidence) {}

  static final String ONEDNN_ON = "oneDNN custom operations are on";

  private static final Pattern CREATED =
      Pattern.compile(
          "Created device (?:\\S+) with (\\d+) MB memory:\\s*->\\s*device: (\\d+), name: (.*?),"
              + " pci bus id: ([^,]+), compute capability: (\\d+\\.\\d+)");
  private static final Pattern NOT_LOADED =
      Pattern.compile("Could not load dynamic library '([^']+)'; dlerror: ([^;]*)");
  private static final Pattern CU_INIT = Pattern.compile("failed call to cuInit: (.*)$");
  private static final Pattern NO_DRIVER =
      Pattern.compile("(kernel driver does not appear to be running on this host.*)$");
  private static final Pattern INSTRUCTIONS =
      Pattern.compile("following CPU instructions in performance-critical operations:\\s*(.*)$");

  /** Parses TensorFlow's stderr (other lines, e.g. the JVM's or DJL's, are ignored). */
  public static TensorFlowLog parse(String stderr) {
    List<Gpu> gpus = new ArrayList<>();
    Map<String, String> missing = new LinkedHashMap<>();
    List<String> driver = new ArrayList<>();
    boolean skipped = false;
    boolean oneDnn = false;
    String instructions = "";
    for (String line : stderr.split("\\R")) {
      Matcher m;
      if ((m = CREATED.matcher(line)).find()) {
        gpus.add(
            new Gpu(
                Integer.parseInt(m.group(2)),
                m.group(3).strip(),
                Long.parseLong(m.group(1)),
                m.group(4).strip(),
                m.group(5)));
      } else if ((m = NOT_LOADED.matcher(line)).find()) {
        missing.putIfAbsent(m.group(1), m.group(2).strip());
      } else if ((m = CU_INIT.matcher(line)).find()) {
        driver.add("cuInit failed: " + m.group(1).strip());
      } else if ((m = NO_DRIVER.matcher(line)).find()) {
        driver.add(m.group(1).strip());
      } else if ((m = INSTRUCTIONS.matcher(line)).find()) {
        instructions = m.group(1).strip();
      } else if (line.contains("Cannot dlopen some GPU libraries")
          || line.contains("Skipping registering GPU devices")) {
        skipped = true;
      } else if (line.contains(ONEDNN_ON)) {
        oneDnn = true;
      }
    }
    return new TensorFlowLog(
        List.copyOf(gpus),
        Collections.unmodifiableMap(missing),
        List.copyOf(driver),
        skipped,
        oneDnn,
        instructions);
  }

  /**
   * Whether oneDNN's custom operations are on, the way TensorFlow 2.10 decides it: on when {@code
   * TF_ENABLE_ONEDNN_OPTS} is true, off when false, and when unset on only for CPUs with
   * AVX512_VNNI, AVX512_BF16, AVX_VNNI or AMX; when on it logs {@value #ONEDNN_ON} once, so that
   * line is the evidence and the variable only explains its absence.
   *
   * @param envValue {@code TF_ENABLE_ONEDNN_OPTS} as the JVM that loaded TensorFlow saw it (null:
   *     unset)
   */
  public OneDnn oneDnn(String envValue) {
    if (oneDnnOnLine) {
      return new OneDnn(
          true,
          "TensorFlow logged \""
              + ONEDNN_ON
              + "\""
              + (envValue == null ? "" : " (TF_ENABLE_ONEDNN_OPTS=" + envValue + ")"));
    }
    return new OneDnn(
        false,
        "TensorFlow did not log \""
            + ONEDNN_ON
            + "\" "
            + (envValue == null
                ? "(TF_ENABLE_ONEDNN_OPTS unset, and this CPU is not one it turns oneDNN on for)"
                : "(TF_ENABLE_ONEDNN_OPTS=" + envValue + ")"));
  }

  /** The missing libraries that belong to CUDA or cuDNN (and the driver), in log order. */
  public List<String> missingGpuLibraries() {
    List<String> out = new ArrayList<>();
    for (String lib : missingLibraries.keySet()) {
      if (lib.startsWith("libcu") || lib.startsWith("libnv") || lib.startsWith("libnccl")) {
        out.add(lib);
      }
    }
    return out;
  }
}
