package io.lfsbeam.tf;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_CloseSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListMemoryBytes;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetCode;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_Message;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices;

import ai.djl.engine.Engine;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;

/**
 * Loads TensorFlow in a child JVM, the way a training run does, and reports what it found: its
 * version, the devices a session sees, the NVIDIA libraries the loader cannot open, and
 * TensorFlow's own log ({@link TensorFlowLog}).
 *
 * <p>Why a child: TensorFlow's native log goes to the process's stderr, beyond {@code System.err},
 * and a failed native load or a crash must not take down the JVM that asks. The child runs {@link
 * #main} with the parent's class path and {@code TF_CPP_MIN_LOG_LEVEL=0}, prints {@code key=value}
 * lines on stdout, and exits.
 */
public final class TensorFlowProbe {
  /** A device a TensorFlow session sees ({@code TF_SessionListDevices}). */
  public record DeviceEntry(String name, String type, long memoryBytes) {}

  /**
   * What the child reported; {@code failure} is null when TensorFlow loaded, else why not (with the
   * last lines of the child's stderr).
   */
  public record Report(
      String version,
      String djlVersion,
      List<DeviceEntry> devices,
      List<String> missingLibraries,
      String oneDnnEnv,
      TensorFlowLog log,
      String failure) {
    public boolean loaded() {
      return failure == null;
    }

    public TensorFlowLog.OneDnn oneDnn() {
      return log.oneDnn(oneDnnEnv);
    }
  }

  /**
   * How long the child may take by default: loading takes seconds, but the first use on a machine
   * unpacks ~1 GB of native libraries.
   */
  public static final int DEFAULT_TIMEOUT_SECONDS = 180;

  private static final String ONEDNN_ENV = "TF_ENABLE_ONEDNN_OPTS";
  private static final String[] FORWARDED_PROPERTIES = {
    "ai.djl.offline", "DJL_CACHE_DIR", "OPT_OUT_TRACKING"
  };
  private static final int STDERR_TAIL = 8;

  private TensorFlowProbe() {}

  /** The child: loads TensorFlow, lists devices and libraries, prints {@code key=value} lines. */
  public static void main(String[] args) {
    Engine engine = TensorFlowEngine.load();
    print("tensorflow.version", engine.getVersion());
    print("djl.version", Engine.getDjlVersion());
    String oneDnn = System.getenv(ONEDNN_ENV);
    if (oneDnn != null) {
      print("env." + ONEDNN_ENV, oneDnn);
    }
    for (DeviceEntry d : sessionDevices()) {
      print("device", d.name() + "\t" + d.type() + "\t" + d.memoryBytes());
    }
    CudaLibraries.missing().forEach(lib -> print("missing", lib));
    System.out.flush();
    System.exit(0);
  }

  private static void print(String key, String value) {
    System.out.println(key + "=" + value.replace('\n', ' '));
  }

  /** The devices of a new session on an empty graph (creating it is what registers GPUs). */
  private static List<DeviceEntry> sessionDevices() {
    TF_Status status = TF_NewStatus();
    TF_Graph graph = TF_NewGraph();
    TF_SessionOptions options = TF_NewSessionOptions();
    List<DeviceEntry> out = new ArrayList<>();
    try {
      TF_Session session = TF_NewSession(graph, options, status);
      check(status, "creating a session");
      TF_DeviceList list = TF_SessionListDevices(session, status);
      check(status, "listing devices");
      for (int i = 0; i < TF_DeviceListCount(list); i++) {
        String name = TF_DeviceListName(list, i, status).getString();
        String type = TF_DeviceListType(list, i, status).getString();
        out.add(new DeviceEntry(name, type, TF_DeviceListMemoryBytes(list, i, status)));
      }
      TF_DeleteDeviceList(list);
      TF_CloseSession(session, status);
      TF_DeleteSession(session, status);
    } finally {
      TF_DeleteSessionOptions(options);
      TF_DeleteGraph(graph);
      TF_DeleteStatus(status);
    }
    return out;
  }

  private static void check(TF_Status status, String what) {
    if (TF_GetCode(status) != 0) {
      throw new IllegalStateException(what + ": " + TF_Message(status).getString());
    }
  }

  /** Runs the child and waits at most {@code timeout} for it. */
  public static Report run(Duration timeout) {
    Path work = null;
    try {
      work = Files.createTempDirectory("lfs-doctor-");
      Path out = work.resolve("stdout.txt");
      Path err = work.resolve("stderr.txt");
      ProcessBuilder pb =
          new ProcessBuilder(command()).redirectOutput(out.toFile()).redirectError(err.toFile());
      childEnvironment(pb.environment());
      Process p = pb.start();
      boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        p.destroyForcibly().waitFor();
      }
      String stdout = Files.readString(out, StandardCharsets.UTF_8);
      String stderr = Files.readString(err, StandardCharsets.ISO_8859_1);
      String failure =
          !done
              ? "the TensorFlow child JVM did not finish within " + timeout.toSeconds() + " s"
              : p.exitValue() != 0
                  ? "the TensorFlow child JVM exited with code " + p.exitValue()
                  : null;
      return parse(stdout, stderr, failure);
    } catch (IOException e) {
      return parse("", "", "cannot run a child JVM: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return parse("", "", "interrupted while waiting for the TensorFlow child JVM");
    } finally {
      deleteQuietly(work);
    }
  }

  /**
   * The child's environment: the parent's, with TensorFlow's native log at INFO (it prints the
   * oneDNN and device lines there). Whatever the training children get for TensorFlow (threads,
   * oneDNN) belongs here too, so the probe sees what they see.
   */
  static void childEnvironment(Map<String, String> env) {
    env.put("TF_CPP_MIN_LOG_LEVEL", "0");
    OneDnn.childEnvironment(env);
  }

  private static List<String> command() {
    List<String> c = new ArrayList<>();
    c.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    c.add("-Xmx256m");
    for (String key : FORWARDED_PROPERTIES) {
      String v = System.getProperty(key);
      if (v != null) {
        c.add("-D" + key + "=" + v);
      }
    }
    c.add("-cp");
    c.add(classPath());
    c.add(TensorFlowProbe.class.getName());
    return c;
  }

  /** The parent's class path plus wherever this class came from (a job jar on Flink). */
  private static String classPath() {
    String cp = System.getProperty("java.class.path", "");
    try {
      CodeSource source = TensorFlowProbe.class.getProtectionDomain().getCodeSource();
      if (source != null && source.getLocation() != null) {
        String own = Paths.get(source.getLocation().toURI()).toString();
        if (!List.of(cp.split(File.pathSeparator)).contains(own)) {
          cp = cp.isEmpty() ? own : cp + File.pathSeparator + own;
        }
      }
    } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
      // not a local file: the parent's class path is all there is
    }
    return cp;
  }

  /** The report from the child's stdout and stderr; {@code failure} as the launcher saw it. */
  static Report parse(String stdout, String stderr, String failure) {
    Map<String, String> values = new LinkedHashMap<>();
    List<DeviceEntry> devices = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String line : stdout.split("\\R")) {
      int eq = line.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = line.substring(0, eq);
      String[] v = line.substring(eq + 1).split("\t", -1);
      if (key.equals("device") && v.length == 3) {
        devices.add(new DeviceEntry(v[0], v[1], Long.parseLong(v[2])));
      } else if (key.equals("missing")) {
        missing.add(v[0]);
      } else {
        values.put(key, line.substring(eq + 1));
      }
    }
    String version = values.get("tensorflow.version");
    if (failure == null && version == null) {
      failure = "the TensorFlow child JVM reported no version";
    }
    if (failure != null) {
      failure += tail(stderr);
    }
    return new Report(
        version,
        values.get("djl.version"),
        List.copyOf(devices),
        List.copyOf(missing),
        values.get("env." + ONEDNN_ENV),
        TensorFlowLog.parse(stderr),
        failure);
  }

  private static String tail(String stderr) {
    List<String> lines = stderr.lines().filter(l -> !l.isBlank()).toList();
    if (lines.isEmpty()) {
      return "";
    }
    return "; its stderr ends: "
        + String.join(" | ", lines.subList(Math.max(0, lines.size() - STDERR_TAIL), lines.size()));
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a temporary folder left behind is harmless
    }
  }
}
