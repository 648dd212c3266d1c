package io.lfsbeam.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What the command line's console shows, and the debug log beside it.
 *
 * <p>By default the console (stderr) shows lfs-beam's own lines at info and above, and other
 * libraries' warnings and errors, except those that are not actionable for a user of the command
 * line: Flink's and its RPC system's (the embedded MiniCluster is an implementation detail: a
 * failed job ends in lfs's one error line, and its logs repeated every task failure's stack trace
 * 130–320 lines deep), DJL's CUDA probe (it warned four times per JVM on every machine without a
 * GPU; lfs says once which device it trains on), and Beam's notes about transform names and coders.
 * No stack trace reaches the console. {@code --verbose} or {@code LFS_DEBUG=1} shows all of them,
 * stack traces included, and lfs's debug lines.
 *
 * <p>Every line of every library (info and above; lfs-beam's from debug), with stack traces, also
 * goes to the run's debug log ({@link io.lfsbeam.pipelines.ScratchFolder#debugLog()}), which a
 * failed run keeps and its error line points at.
 *
 * <p>Why logback rather than the slf4j-simple binding the command line had: slf4j-simple writes to
 * one stream with one level per logger, so it can neither keep a full debug log while the console
 * stays quiet nor drop stack traces from the console alone.
 */
final class ConsoleLogging {
  /** A logger whose lines go to the debug log only (the failed run's stack trace). */
  static final String FILE_ONLY = "lfs.debuglog";

  /** Loggers whose lines the quiet console drops, whatever their level. */
  static final List<String> HIDDEN =
      List.of(
          "org.apache.flink",
          // "Pipeline execution failed" and its trace: lfs's own error line says what failed
          "org.apache.beam.runners.flink",
          "org.apache.pekko",
          "akka",
          "ai.djl.util.cuda",
          // "Model: x was not closed explicitly": DJL's cleaner, at some later collection, on a
          // model its own loader created and then failed to load (nothing a user can close; the
          // failure itself is lfs's error line). It raced that line to the console's end.
          "ai.djl.BaseModel",
          // "The following transforms do not have stable unique names": a note for pipeline authors
          "org.apache.beam.sdk.Pipeline",
          // "Can't verify serialized elements of type float[] have well defined equals method"
          "org.apache.beam.sdk.coders.SerializableCoder",
          FILE_ONLY);

  private ConsoleLogging() {}

  /**
   * Whether the quiet console shows a line: lfs-beam's from info, others' from warn unless their
   * logger is {@link #HIDDEN}.
   */
  static boolean quietShows(String logger, Level level) {
    if (under(logger, FILE_ONLY)) {
      return false;
    }
    if (under(logger, "io.lfsbeam")) {
      return level.isGreaterOrEqual(Level.INFO);
    }
    for (String hidden : HIDDEN) {
      if (under(logger, hidden)) {
        return false;
      }
    }
    return level.isGreaterOrEqual(Level.WARN);
  }

  /**
   * What {@code --verbose} / {@code LFS_DEBUG=1} shows: lfs-beam's from debug, others' from warn.
   */
  static boolean verboseShows(String logger, Level level) {
    if (under(logger, FILE_ONLY)) {
      return false;
    }
    return level.isGreaterOrEqual(under(logger, "io.lfsbeam") ? Level.DEBUG : Level.WARN);
  }

  private static boolean under(String logger, String prefix) {
    return logger.equals(prefix) || logger.startsWith(prefix + ".");
  }

  /**
   * Replaces the logging configuration of this JVM: the console as described, and every line into
   * {@code debugLog} (null: no file).
   */
  static void install(boolean verbose, Path debugLog) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    ctx.getLogger("io.lfsbeam").setLevel(Level.DEBUG);
    // Flink warns once per operator whose generated name exceeds 80 characters (most of Beam's do)
    ctx.getLogger("org.apache.flink.metrics").setLevel(Level.ERROR);
    ctx.getLogger("org.apache.flink.runtime.metrics").setLevel(Level.ERROR);

    PatternLayoutEncoder consoleFormat = new PatternLayoutEncoder();
    consoleFormat.setContext(ctx);
    consoleFormat.setPattern(
        "%d{HH:mm:ss} [%level] %logger{0} - %msg%n" + (verbose ? "" : "%nopex"));
    consoleFormat.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(ctx);
    console.setName("console");
    console.setTarget("System.err");
    console.setEncoder(consoleFormat);
    console.addFilter(
        new Filter<>() {
          @Override
          public FilterReply decide(ILoggingEvent e) {
            boolean show =
                verbose
                    ? verboseShows(e.getLoggerName(), e.getLevel())
                    : quietShows(e.getLoggerName(), e.getLevel());
            return show ? FilterReply.NEUTRAL : FilterReply.DENY;
          }
        });
    console.start();
    root.addAppender(console);

    if (debugLog != null) {
      PatternLayoutEncoder fileFormat = new PatternLayoutEncoder();
      fileFormat.setContext(ctx);
      fileFormat.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} [%thread] %-5level %logger - %msg%n");
      fileFormat.start();
      FileAppender<ILoggingEvent> file = new FileAppender<>();
      file.setContext(ctx);
      file.setName("debug-log");
      file.setFile(debugLog.toString());
      file.setAppend(true);
      file.setEncoder(fileFormat);
      file.start();
      root.addAppender(file);
    }
  }
}
