package io.lfsbeam.cli;

import com.sun.management.OperatingSystemMXBean;
import io.lfsbeam.align.FaceTemplate;
import io.lfsbeam.cli.DoctorReport.Status;
import io.lfsbeam.pipelines.DoctorOptions;
import io.lfsbeam.pipelines.FlinkOverview;
import io.lfsbeam.search.runner.SearchData;
import io.lfsbeam.tf.CpuInfo;
import io.lfsbeam.tf.CudaLibraries;
import io.lfsbeam.tf.TensorFlowEngine;
import io.lfsbeam.tf.TensorFlowLog;
import io.lfsbeam.tf.TensorFlowProbe;
import io.lfsbeam.train.DecodeThreads;
import io.lfsbeam.train.Device;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * {@code lfs doctor}: what this machine offers a training run, before a long job is submitted —
 * Java and heap, CPU and its vector instructions, TensorFlow (loaded in a child JVM, as training
 * loads it) with oneDNN and the devices it sees, and when it sees no GPU, which NVIDIA libraries it
 * looked for; the DJL cache and its disk; with {@code --flinkMaster}, whether the cluster answers
 * and its slots. Exit code 0 when a training run can start, 1 otherwise (the reasons on the last
 * line).
 */
final class DoctorCommand implements Command<DoctorOptions> {
  /**
   * Below this max heap even the default shuffle buffer of a streamed train split (10,000 faces,
   * ~376 MB) does not fit beside the val/test faces.
   */
  static final long MIN_HEAP_BYTES = 512L << 20;

  /** What the TensorFlow natives take unpacked in the DJL cache (TF 2.10.1: 1,016 MB). */
  static final long NATIVES_BYTES = 1_100L << 20;

  private static final Duration FLINK_TIMEOUT = Duration.ofSeconds(10);
  private static final List<String> NO_CLUSTER =
      List.of(DoctorOptions.NO_CLUSTER, "[local]", "[collection]", "");

  private final Function<Duration, TensorFlowProbe.Report> probe;

  DoctorCommand() {
    this(TensorFlowProbe::run);
  }

  /** With another TensorFlow probe (tests: a fixed report, or one run shared by several). */
  DoctorCommand(Function<Duration, TensorFlowProbe.Report> probe) {
    this.probe = probe;
  }

  @Override
  public String name() {
    return "doctor";
  }

  @Override
  public String summary() {
    return "Check this machine before a long job: Java/heap, CPU/SIMD, TensorFlow/oneDNN, GPUs (or the CUDA libraries missing), DJL cache/disk, --flinkMaster cluster and slots; exit 1 when a training run cannot start";
  }

  @Override
  public Class<DoctorOptions> optionsType() {
    return DoctorOptions.class;
  }

  @Override
  public void validate(DoctorOptions o) {
    try {
      Device.parse(o.getDevice());
    } catch (IllegalArgumentException e) {
      throw new UsageException("--device=" + o.getDevice() + ": " + e.getMessage());
    }
    Checks.positive("timeoutSeconds", o.getTimeoutSeconds());
    if (!noCluster(o.getFlinkMaster())) {
      try {
        FlinkOverview.uri(o.getFlinkMaster());
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
  }

  private static boolean noCluster(String master) {
    return master == null || NO_CLUSTER.contains(master.strip());
  }

  @Override
  public int run(DoctorOptions o) {
    PrintStream out = System.out;
    out.println("lfs doctor: can a training run start on this machine?");
    out.println();
    DoctorReport report = new DoctorReport(out);
    java(report);
    CpuInfo cpu = cpu(report);
    djlCache(report);
    TensorFlowProbe.Report tf = probe.apply(Duration.ofSeconds(o.getTimeoutSeconds()));
    List<TensorFlowLog.Gpu> gpus = tensorFlow(report, tf, Device.parse(o.getDevice()));
    data(report, cpu, !gpus.isEmpty());
    flink(report, o.getFlinkMaster());
    out.println();
    out.println(report.verdict(gpus.isEmpty() ? "on the CPU" : "on " + gpus.size() + " GPU(s)"));
    return report.exitCode();
  }

  private static void java(DoctorReport report) {
    Runtime.Version v = Runtime.version();
    long heap = Runtime.getRuntime().maxMemory();
    String ram = "";
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
      ram = " of " + gigabytes(os.getTotalMemorySize()) + " RAM";
    }
    String text =
        String.format(
            Locale.ROOT,
            "%s (%s %s), max heap %s%s",
            v,
            System.getProperty("java.vm.vendor"),
            System.getProperty("java.vm.name"),
            gigabytes(heap),
            ram);
    if (v.feature() < 17) {
      report.add(Status.FAIL, "java", text + ": lfs-beam needs Java 17 or newer");
    } else if (heap < MIN_HEAP_BYTES) {
      report.add(
          Status.FAIL,
          "java",
          text + ": below " + (MIN_HEAP_BYTES >> 20) + " MB; give the JVM more with -Xmx");
    } else {
      report.add(Status.OK, "java", text);
    }
  }

  private static CpuInfo cpu(DoctorReport report) {
    CpuInfo cpu = CpuInfo.read();
    int jvm = Runtime.getRuntime().availableProcessors();
    List<String> simd = cpu.simd();
    String text =
        String.format(
            Locale.ROOT,
            "%s: %d logical CPUs on %d cores, %d for this JVM%s; SIMD: %s",
            cpu.model(),
            cpu.logicalCpus(),
            cpu.physicalCores(),
            jvm,
            cpu.megahertz() > 0 ? String.format(Locale.ROOT, ", %.0f MHz", cpu.megahertz()) : "",
            simd.isEmpty() ? "none found" : String.join(" ", simd));
    boolean x86 = System.getProperty("os.arch", "").matches("amd64|x86_64");
    if (x86 && !cpu.flags().isEmpty() && !cpu.flags().contains("avx")) {
      report.add(Status.FAIL, "cpu", text + ": TensorFlow's x86 build needs AVX");
    } else {
      report.add(Status.OK, "cpu", text);
    }
    return cpu;
  }

  private static void djlCache(DoctorReport report) {
    Path cache = TensorFlowEngine.cacheDir();
    Path existing = cache.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    long free = -1;
    try {
      free = existing == null ? -1 : Files.getFileStore(existing).getUsableSpace();
    } catch (IOException e) {
      // unknown: reported as such
    }
    long natives = nativesBytes(cache.resolve("tensorflow"));
    String text =
        cache
            + ": "
            + (natives > 0
                ? "TensorFlow natives unpacked (" + megabytes(natives) + ")"
                : "TensorFlow natives not unpacked yet (the first use unpacks ~1 GB)")
            + ", "
            + (free < 0 ? "free disk unknown" : gigabytes(free) + " free");
    if (existing == null || !Files.isWritable(existing)) {
      report.add(Status.FAIL, "djl cache", text + ": not writable (set DJL_CACHE_DIR)");
    } else if (natives == 0 && free >= 0 && free < NATIVES_BYTES) {
      report.add(
          Status.FAIL,
          "djl cache",
          text + ": too little disk to unpack TensorFlow (set DJL_CACHE_DIR elsewhere)");
    } else {
      report.add(Status.OK, "djl cache", text);
    }
  }

  /** Bytes of the unpacked TensorFlow libraries under the cache's tensorflow folder; 0 if none. */
  private static long nativesBytes(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> libs = files.filter(Files::isRegularFile).toList();
      if (libs.stream().noneMatch(p -> p.getFileName().toString().startsWith("libtensorflow"))) {
        return 0;
      }
      long sum = 0;
      for (Path p : libs) {
        sum += Files.size(p);
      }
      return sum;
    } catch (IOException e) {
      return 0;
    }
  }

  /** TensorFlow, oneDNN, devices, GPUs or why none; returns the GPUs TensorFlow created. */
  static List<TensorFlowLog.Gpu> tensorFlow(
      DoctorReport report, TensorFlowProbe.Report tf, Device wanted) {
    if (!tf.loaded()) {
      report.add(Status.FAIL, "tensorflow", "does not load: " + tf.failure());
      return List.of();
    }
    TensorFlowLog.OneDnn oneDnn = tf.oneDnn();
    String instructions = tf.log().oneDnnInstructions();
    report.add(
        Status.OK,
        "tensorflow",
        tf.version()
            + " (DJL "
            + tf.djlVersion()
            + "), oneDNN "
            + (oneDnn.on() ? "on" : "off")
            + ": "
            + oneDnn.evidence()
            + (instructions.isEmpty() ? "" : "; oneDNN uses " + instructions));
    List<String> devices = new ArrayList<>();
    for (TensorFlowProbe.DeviceEntry d : tf.devices()) {
      devices.add(d.name().substring(d.name().lastIndexOf('/') + 1).replace("device:", ""));
    }
    report.add(Status.OK, "devices", String.join(", ", devices));
    List<TensorFlowLog.Gpu> gpus = tf.log().gpus();
    for (TensorFlowLog.Gpu g : gpus) {
      report.add(Status.OK, "gpu", g.toString());
    }
    boolean wantsGpu = wanted.type() == Device.Type.GPU;
    if (wantsGpu && wanted.index() >= gpus.size()) {
      report.add(
          Status.FAIL,
          "gpu",
          "--device=" + wanted + " asked for, TensorFlow sees " + gpus.size() + " GPU(s)");
    } else if (gpus.isEmpty()) {
      report.add(Status.NOTE, "gpu", "none: TensorFlow sees no GPU, training runs on the CPU");
    }
    if (gpus.isEmpty()) {
      cuda(report, tf, wantsGpu);
    }
    return gpus;
  }

  /** Why TensorFlow has no GPU: its own loader messages, the driver, and every soname missing. */
  private static void cuda(DoctorReport report, TensorFlowProbe.Report tf, boolean wantsGpu) {
    Status status = wantsGpu ? Status.FAIL : Status.NOTE;
    List<String> tried = tf.log().missingGpuLibraries();
    report.add(
        status,
        "cuda",
        tried.isEmpty()
            ? "TensorFlow's log names no CUDA library it failed to load"
            : "TensorFlow looked for and did not find: " + String.join(", ", tried));
    for (String problem : tf.log().driverProblems()) {
      report.add(status, "cuda", "driver: " + problem);
    }
    if (tf.log().gpuLibrariesSkipped()) {
      report.add(status, "cuda", "TensorFlow found a GPU but skipped it for missing libraries");
    }
    List<String> missing = tf.missingLibraries();
    List<String> named = new ArrayList<>();
    for (CudaLibraries.Lib lib : CudaLibraries.TENSORFLOW_2_10) {
      if (missing.contains(lib.soname())) {
        named.add(lib.soname() + " (" + lib.what() + ")");
      }
    }
    report.add(
        status,
        "cuda",
        named.isEmpty()
            ? "the loader opens all " + CudaLibraries.TENSORFLOW_2_10.size() + " NVIDIA libraries"
            : String.format(
                Locale.ROOT,
                "a GPU needs %d %s the loader cannot open: %s (CUDA 11.x and cuDNN 8 on"
                    + " LD_LIBRARY_PATH; CUDA 12 or cuDNN 9 do not provide these names)",
                named.size(),
                named.size() == 1 ? "library" : "libraries",
                String.join(", ", named)));
  }

  private static void data(DoctorReport report, CpuInfo cpu, boolean gpu) {
    long heap = Runtime.getRuntime().maxMemory();
    FaceTemplate t = FaceTemplate.ARCFACE_112x112;
    long faceBytes = (long) t.width() * t.height() * 3;
    long inMemory = (long) (SearchData.AUTO_HEAP_FRACTION * heap / faceBytes);
    int cores = Runtime.getRuntime().availableProcessors();
    report.add(
        Status.OK,
        "data",
        String.format(
            Locale.ROOT,
            "--trainData=auto holds a train split of up to ~%,d %dx%d faces decoded in this heap"
                + " and streams larger ones; --decodeThreads defaults to %d here (%d cores, %s)",
            inMemory,
            t.width(),
            t.height(),
            DecodeThreads.auto(cores, 0, gpu),
            cores,
            gpu ? "training on a GPU" : "TensorFlow on every core"));
  }

  private static void flink(DoctorReport report, String master) {
    if (noCluster(master)) {
      report.add(Status.SKIPPED, "flink", "no cluster checked (--flinkMaster=host:port asks one)");
      return;
    }
    try {
      FlinkOverview overview = FlinkOverview.fetch(master, FLINK_TIMEOUT);
      if (overview.canRun()) {
        report.add(Status.OK, "flink", master + ": " + overview);
      } else {
        report.add(Status.FAIL, "flink", master + ": " + overview + ": no slot to run a job in");
      }
    } catch (FlinkOverview.UnreachableException e) {
      report.add(Status.FAIL, "flink", e.getMessage());
    }
  }

  private static String gigabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%,d MB", bytes >> 20);
  }
}
