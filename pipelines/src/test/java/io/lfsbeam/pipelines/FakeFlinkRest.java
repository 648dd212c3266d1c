package io.lfsbeam.pipelines;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A local HTTP server that answers {@code GET /overview} as a Flink JobManager would. */
public final class FakeFlinkRest implements AutoCloseable {
  private final HttpServer server;

  /** Answers /overview with {@code body} (null: 404 like every other path). */
  public FakeFlinkRest(String body) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          boolean overview = body != null && exchange.getRequestURI().getPath().equals("/overview");
          byte[] bytes =
              (overview ? body : "{\"errors\":[\"Not found\"]}").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(overview ? 200 : 404, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  /** {@code 127.0.0.1:port}, as --flinkMaster takes it. */
  public String master() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  public static String overview(int taskManagers, int slots, int free) {
    return "{\"taskmanagers\":"
        + taskManagers
        + ",\"slots-total\":"
        + slots
        + ",\"slots-available\":"
        + free
        + ",\"jobs-running\":1,\"jobs-finished\":3,\"jobs-cancelled\":0,\"jobs-failed\":0,"
        + "\"flink-version\":\"1.19.0\",\"flink-commit\":\"eaffd22\"}";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
