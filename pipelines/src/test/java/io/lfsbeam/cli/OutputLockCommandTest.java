package io.lfsbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.io.LockHolderMain;
import io.lfsbeam.io.OutputLock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs on one output (issue 25, class 4): while another process holds it, a command is refused
 * with one line and exit 2, before it runs; once that process is killed, its stale lock is taken
 * over; a command releases its output however it ends.
 */
class OutputLockCommandTest {
  @TempDir Path tmp;

  public interface WriteOptions extends PipelineOptions {
    @Description("Output folder")
    String getOutput();

    void setOutput(String v);

    @Description("What run does: ok, fail")
    String getThen();

    void setThen(String v);
  }

  /** A command that writes into --output: it checks it holds the lock while it runs. */
  static final class Write implements Command<WriteOptions> {
    int runs;

    @Override
    public String name() {
      return "write";
    }

    @Override
    public String summary() {
      return "Writes.";
    }

    @Override
    public Class<WriteOptions> optionsType() {
      return WriteOptions.class;
    }

    @Override
    public List<String> outputs(WriteOptions o) {
      return List.of(o.getOutput());
    }

    @Override
    public int run(WriteOptions o) {
      runs++;
      assertTrue(
          Files.exists(Paths.get(o.getOutput()).resolve(OutputLock.FILE)), "held while running");
      if ("fail".equals(o.getThen())) {
        throw new IllegalStateException("the run failed");
      }
      return 0;
    }
  }

  private static Process holder(Path dir) throws Exception {
    Process p =
        new ProcessBuilder(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                LockHolderMain.class.getName(),
                dir.toString(),
                "wait")
            .redirectErrorStream(true)
            .start();
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String line = r.readLine(); line != null; line = r.readLine()) {
      if (line.equals("held")) {
        return p;
      }
    }
    throw new IllegalStateException("the holder ended before it held the lock");
  }

  @Test
  void aSecondRunIsRefusedUntilTheFirstIsGoneAndEveryEndReleasesTheOutput() throws Exception {
    Write write = new Write();
    CapturedLfs lfs = new CapturedLfs(write);
    Path out = tmp.resolve("out");
    Process first = holder(out);
    try {
      // the same folder in other spellings
      for (String spelling : List.of(out.toString(), out + "/", out + "/../out")) {
        lfs.reset();
        assertEquals(2, lfs.run("write", "--output=" + spelling));
        lfs.assertOneLine(
            "lfs write: --output=" + out + " is in use by lfs test-holder (pid " + first.pid());
      }
      assertEquals(0, write.runs, "refused before it ran");
    } finally {
      first.destroyForcibly(); // kill -9: the lock stays behind, stale
      first.waitFor(30, TimeUnit.SECONDS);
    }
    assertTrue(Files.exists(out.resolve(OutputLock.FILE)));
    lfs.reset();
    assertEquals(0, lfs.run("write", "--output=" + out));
    assertEquals(1, write.runs);
    assertFalse(Files.exists(out.resolve(OutputLock.FILE)), "released after success");
    lfs.reset();
    assertEquals(1, lfs.run("write", "--output=" + out, "--then=fail"));
    lfs.assertOneLine("lfs write: error: the run failed");
    assertFalse(Files.exists(out.resolve(OutputLock.FILE)), "released after a failure");
  }
}
