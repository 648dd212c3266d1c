package io.lfsbeam.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FlinkOverviewTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void readsTaskManagersSlotsAndVersionFromTheJson() throws IOException {
    FlinkOverview o = FlinkOverview.parse(FakeFlinkRest.overview(2, 4, 3));
    assertEquals(new FlinkOverview(2, 4, 3, 1, "1.19.0"), o);
    assertTrue(o.canRun());
    assertEquals("Flink 1.19.0: 2 TaskManagers, 3 of 4 slots free, 1 job running", o.toString());
    assertFalse(FlinkOverview.parse(FakeFlinkRest.overview(0, 0, 0)).canRun());
    assertThrows(IOException.class, () -> FlinkOverview.parse("{\"taskmanagers\":1}"));
    assertThrows(IOException.class, () -> FlinkOverview.parse("<html>"));
  }

  @Test
  void theMasterBecomesTheOverviewUrl() {
    assertEquals(URI.create("http://10.0.0.5:8081/overview"), FlinkOverview.uri("10.0.0.5:8081"));
    assertEquals(
        URI.create("https://jm.example:443/overview"), FlinkOverview.uri("https://jm.example:443"));
    assertThrows(IllegalArgumentException.class, () -> FlinkOverview.uri("jobmanager"));
    assertThrows(IllegalArgumentException.class, () -> FlinkOverview.uri("a b:1"));
  }

  @Test
  void aClusterThatAnswersIsRead() throws IOException {
    try (FakeFlinkRest cluster = new FakeFlinkRest(FakeFlinkRest.overview(1, 2, 2))) {
      assertEquals(
          new FlinkOverview(1, 2, 2, 1, "1.19.0"), FlinkOverview.fetch(cluster.master(), TIMEOUT));
    }
  }

  @Test
  void nothingListeningOrSomethingElseAnsweringIsOneLineNamingTheAddress() throws IOException {
    FlinkOverview.UnreachableException refused =
        assertThrows(
            FlinkOverview.UnreachableException.class,
            () -> FlinkOverview.fetch("127.0.0.1:1", TIMEOUT));
    assertEquals(
        "Flink master 127.0.0.1:1 is not reachable: connection refused", refused.getMessage());
    try (FakeFlinkRest notJson = new FakeFlinkRest("<html>hello</html>")) {
      FlinkOverview.UnreachableException e =
          assertThrows(
              FlinkOverview.UnreachableException.class,
              () -> FlinkOverview.fetch(notJson.master(), TIMEOUT));
      assertEquals(
          "Flink master "
              + notJson.master()
              + " answers, but not as a Flink REST endpoint (wrong port? Flink's rest.port is 8081"
              + " by default): /overview is not JSON",
          e.getMessage());
    }
    try (FakeFlinkRest other = new FakeFlinkRest(null)) {
      FlinkOverview.UnreachableException e =
          assertThrows(
              FlinkOverview.UnreachableException.class,
              () -> FlinkOverview.fetch("http://" + other.master() + "/ignored", TIMEOUT));
      assertTrue(e.getMessage().endsWith(": HTTP 404 for /overview"), e.getMessage());
    }
  }
}
