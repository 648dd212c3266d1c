package io.lfsbeam.pipelines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;

/**
 * What a Flink session cluster says about itself: {@code GET /overview} on the JobManager's REST
 * endpoint (the {@code --flinkMaster} address a job is submitted to), answered by Flink 1.x as
 * {@code {"taskmanagers":2,"slots-total":4,"slots-available":4,"jobs-running":0,
 * "flink-version":"1.19.0",...}}.
 */
public record FlinkOverview(
    int taskManagers, int slotsTotal, int slotsAvailable, int jobsRunning, String flinkVersion) {

  /** Why a cluster could not be asked, in one line that names the address. */
  public static final class UnreachableException extends IOException {
    UnreachableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Asks the cluster at {@code master} ({@code host:port} or an {@code http(s)://} URL).
   *
   * @throws UnreachableException nothing answers, something else than Flink answers, or not in time
   */
  public static FlinkOverview fetch(String master, Duration timeout) throws UnreachableException {
    URI uri = uri(master);
    HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw unreachable(uri, "no answer within " + timeout.toSeconds() + " s", e);
    } catch (ConnectException e) {
      throw unreachable(uri, refusal(e), e);
    } catch (IOException e) {
      throw unreachable(uri, e.toString(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(uri, "interrupted", e);
    }
    if (response.statusCode() != 200) {
      throw notFlink(uri, "HTTP " + response.statusCode() + " for /overview", null);
    }
    try {
      return parse(response.body());
    } catch (IOException e) {
      throw notFlink(uri, "/overview is " + e.getMessage(), e);
    }
  }

  /**
   * Why a connection failed; Java's HTTP client wraps the cause (UnresolvedAddressException,
   * ClosedChannelException for a refused port) in ConnectExceptions without messages.
   */
  private static String refusal(ConnectException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException) {
        return "unknown host";
      }
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage().toLowerCase(Locale.ROOT);
      }
    }
    return "connection refused";
  }

  private static UnreachableException unreachable(URI uri, String why, Throwable cause) {
    return new UnreachableException(
        "Flink master " + uri.getAuthority() + " is not reachable: " + why, cause);
  }

  private static UnreachableException notFlink(URI uri, String why, Throwable cause) {
    return new UnreachableException(
        "Flink master "
            + uri.getAuthority()
            + " answers, but not as a Flink REST endpoint (wrong port? Flink's rest.port is 8081"
            + " by default): "
            + why,
        cause);
  }

  /**
   * The REST URL of {@code /overview} for a {@code --flinkMaster} value.
   *
   * @throws IllegalArgumentException when it is not {@code host:port} or a URL with a port
   */
  public static URI uri(String master) {
    String base = master.strip();
    if (!base.startsWith("http://") && !base.startsWith("https://")) {
      base = "http://" + base;
    }
    try {
      URI u = new URI(base);
      if (u.getHost() == null || u.getPort() < 0) {
        throw new IllegalArgumentException(
            "--flinkMaster=" + master + " is not host:port (e.g. 127.0.0.1:8081)");
      }
      return new URI(u.getScheme(), null, u.getHost(), u.getPort(), "/overview", null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "--flinkMaster=" + master + " is not host:port (e.g. 127.0.0.1:8081)", e);
    }
  }

  /** Parses the JSON of {@code /overview}; fails when a count is missing. */
  public static FlinkOverview parse(String json) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IOException("not JSON", e);
    }
    if (root == null || !root.isObject()) {
      throw new IOException("not a JSON object");
    }
    return new FlinkOverview(
        count(root, "taskmanagers"),
        count(root, "slots-total"),
        count(root, "slots-available"),
        root.path("jobs-running").asInt(0),
        root.path("flink-version").asText("unknown"));
  }

  private static int count(JsonNode root, String field) throws IOException {
    JsonNode n = root.get(field);
    if (n == null || !n.canConvertToInt()) {
      throw new IOException("no '" + field + "'");
    }
    return n.asInt();
  }

  /** Whether a job can start: at least one TaskManager with a slot. */
  public boolean canRun() {
    return taskManagers > 0 && slotsTotal > 0;
  }

  @Override
  public String toString() {
    return "Flink "
        + flinkVersion
        + ": "
        + taskManagers
        + " TaskManager"
        + (taskManagers == 1 ? "" : "s")
        + ", "
        + slotsAvailable
        + " of "
        + slotsTotal
        + " slots free, "
        + jobsRunning
        + " job"
        + (jobsRunning == 1 ? "" : "s")
        + " running";
  }
}
