package io.lfsbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quiet console of issue 24 and the debug log of issue 25: which lines the console shows by
 * default and with {@code --verbose}, and that the debug log gets every line with its stack trace.
 */
class ConsoleLoggingTest {
  @TempDir Path tmp;

  @Test
  void theQuietConsoleShowsLfsProgressAndOtherLibrariesActionableWarningsOnly() {
    // logger, level, shown by default, shown with --verbose
    Object[][] cases = {
      {"io.lfsbeam.search.UpdatePolicy", Level.INFO, true, true},
      {"io.lfsbeam.train.Trainer", Level.DEBUG, false, true},
      {"io.lfsbeam.cli.Lfs", Level.WARN, true, true},
      {"ai.djl.util.cuda.CudaUtils", Level.WARN, false, true},
      {"ai.djl.BaseModel", Level.WARN, false, true},
      {"ai.djl.engine.Engine", Level.WARN, true, true},
      {"ai.djl.engine.Engine", Level.INFO, false, false},
      {"org.apache.flink.runtime.taskmanager.Task", Level.WARN, false, true},
      {"org.apache.flink.runtime.operators.BatchTask", Level.ERROR, false, true},
      {
        "org.apache.flink.runtime.security.token.DefaultDelegationTokenManager",
        Level.WARN,
        false,
        true
      },
      {"org.apache.flink.runtime.webmonitor.WebMonitorUtils", Level.WARN, false, true},
      {"org.apache.pekko.event.slf4j.Slf4jLogger", Level.INFO, false, false},
      {"org.apache.beam.runners.flink.FlinkRunner", Level.ERROR, false, true},
      {"org.apache.beam.sdk.Pipeline", Level.WARN, false, true},
      {"org.apache.beam.sdk.coders.SerializableCoder", Level.WARN, false, true},
      {"org.apache.beam.sdk.io.FileSystems", Level.WARN, true, true},
      {"org.apache.flinkish.Other", Level.WARN, true, true},
      {ConsoleLogging.FILE_ONLY, Level.ERROR, false, false},
    };
    for (Object[] c : cases) {
      String logger = (String) c[0];
      Level level = (Level) c[1];
      assertEquals(
          c[2], ConsoleLogging.quietShows(logger, level), "quiet: " + logger + " " + level);
      assertEquals(
          c[3], ConsoleLogging.verboseShows(logger, level), "verbose: " + logger + " " + level);
    }
  }

  @Test
  void theConsoleDropsStackTracesAndTheDebugLogKeepsEveryLineWithThem() throws Exception {
    Path log = tmp.resolve("lfs.log");
    PrintStream stderr = System.err;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
    try {
      ConsoleLogging.install(false, log);
      Logger flink = LoggerFactory.getLogger("org.apache.flink.runtime.taskmanager.Task");
      Logger lfs = LoggerFactory.getLogger("io.lfsbeam.search.TrainCandidates");
      Exception trace = new IllegalStateException("task failed", new RuntimeException("root"));
      flink.warn("Task switched from RUNNING to FAILED", trace);
      LoggerFactory.getLogger("ai.djl.util.cuda.CudaUtils")
          .warn("Failed to detect GPU count: CUDA driver version is insufficient");
      lfs.info("round 1 candidate 0: MODULATED OK in 2 s");
      lfs.warn("round 1 candidate 1: evaluation failed", trace);
      lfs.debug("detail for the log only");
    } finally {
      System.setErr(stderr);
      LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
      ctx.reset();
      new ContextInitializer(ctx).autoConfig();
    }
    List<String> shown = console.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(2, shown.size(), String.join("\n", shown));
    assertTrue(
        shown.get(0).endsWith("[INFO] TrainCandidates - round 1 candidate 0: MODULATED OK in 2 s"));
    assertTrue(
        shown.get(1).endsWith("[WARN] TrainCandidates - round 1 candidate 1: evaluation failed"));
    String file = Files.readString(log);
    for (String line :
        List.of(
            "Task switched from RUNNING to FAILED",
            "CUDA driver version is insufficient",
            "MODULATED OK",
            "detail for the log only",
            "java.lang.IllegalStateException: task failed",
            "Caused by: java.lang.RuntimeException: root",
            "\tat io.lfsbeam.cli.ConsoleLoggingTest")) {
      assertTrue(file.contains(line), line + " in\n" + file);
    }
    assertFalse(console.toString(StandardCharsets.UTF_8).contains("\tat "));
  }
}
