package io.lfsbeam.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real standalone Flink session cluster on 127.0.0.1 driven through {@code
 * deploy/flink/cluster.sh}: separate JobManager and TaskManager JVMs, stopped by the PIDs the
 * script recorded - by {@link #close()} and, should the test JVM end first, by a shutdown hook.
 */
final class FlinkCluster implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path script;
  private final Path dir;
  private final int restPort;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final Thread stopHook;
  private boolean stopped;

  private FlinkCluster(Path script, Path dir, int restPort) {
    this.script = script;
    this.dir = dir;
    this.restPort = restPort;
    this.stopHook = new Thread(this::stopQuietly, "stop-flink-cluster");
  }

  /** deploy/ of this repository (failsafe passes it; ../deploy from the module otherwise). */
  static Path deployDir() {
    return Paths.get(System.getProperty("lfs.deploy.dir", "../deploy"))
        .toAbsolutePath()
        .normalize();
  }

  static FlinkCluster start(Path dir, int taskManagers, int slots) throws Exception {
    FlinkCluster c = new FlinkCluster(deployDir().resolve("flink/cluster.sh"), dir, freePort());
    Runtime.getRuntime().addShutdownHook(c.stopHook);
    try {
      c.script(
          "start",
          "--taskmanagers=" + taskManagers,
          "--slots=" + slots,
          "--port=" + c.restPort,
          "--rpc-port=" + freePort());
    } catch (Exception | Error e) {
      c.close();
      throw e;
    }
    return c;
  }

  String flinkMaster() {
    return "127.0.0.1:" + restPort;
  }

  Path logDir() {
    return dir.resolve("log");
  }

  /** PID of a JVM the script started, e.g. "taskmanager-1". */
  long pid(String name) throws IOException {
    return Long.parseLong(Files.readString(dir.resolve("pids/" + name + ".pid")).strip());
  }

  /** Names of the TaskManagers whose recorded PID is alive, in start order. */
  List<String> liveTaskManagers() throws IOException {
    List<String> live = new ArrayList<>();
    for (int i = 1; Files.exists(dir.resolve("pids/taskmanager-" + i + ".pid")); i++) {
      String name = "taskmanager-" + i;
      if (ProcessHandle.of(pid(name)).map(ProcessHandle::isAlive).orElse(false)) {
        live.add(name);
      }
    }
    return live;
  }

  /** Starts one more TaskManager and waits until it has registered; returns the script's output. */
  String startTaskManager() throws Exception {
    return script("start-taskmanager");
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + path + " -> " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** The job with this name from /jobs/overview, or null when the cluster does not know it yet. */
  JsonNode job(String name) throws IOException, InterruptedException {
    for (JsonNode j : get("/jobs/overview").path("jobs")) {
      if (name.equals(j.path("name").asText())) {
        return j;
      }
    }
    return null;
  }

  String script(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
    cmd.addAll(List.of(args));
    cmd.add("--dir=" + dir);
    Path out = Files.createTempFile("cluster-sh", ".out");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    boolean done = p.waitFor(4, TimeUnit.MINUTES);
    String text = Files.readString(out);
    Files.delete(out);
    if (!done) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", cmd) + " did not finish in 4 min:\n" + text);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + text);
    }
    return text;
  }

  @Override
  public synchronized void close() throws Exception {
    if (!stopped) {
      stopped = true;
      script("stop");
      try {
        Runtime.getRuntime().removeShutdownHook(stopHook);
      } catch (IllegalStateException shuttingDown) {
        // already in the hook
      }
    }
  }

  private void stopQuietly() {
    try {
      close();
    } catch (Exception e) {
      System.err.println("could not stop the Flink cluster in " + dir + ": " + e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
