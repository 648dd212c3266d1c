package io.lfsbeam.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.train.checkpoint.CheckpointIO;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A training run in a child JVM completes; a child that dies becomes a FAILED summary. */
class ChildProcessTrainerTest {
  private static final int CLASSES = 8;

  @TempDir Path dir;

  private TrainingJob.Builder job() throws IOException {
    String data = dir.resolve("faces.bin").toString();
    FaceArrayFile.write(SyntheticFaces.make(CLASSES, 4, 112, 31), data);
    return withoutData().data(data);
  }

  private TrainingJob.Builder withoutData() {
    return TrainingJob.builder()
        .backbone("tiny")
        .numClasses(CLASSES)
        .loss(
            TestCosFaceFactory.class,
            Map.of("classes", Integer.toString(CLASSES), "s", "16", "m", "0.2"))
        .seed(3)
        .maxSteps(4)
        .batchSize(16)
        .logEverySteps(2)
        .learningRate(LearningRateSchedule.constant(0.05));
  }

  @Test
  void runCompletesInAChildJvm() throws IOException {
    String ckpt = dir.resolve("out/ckpt.bin").toString();
    List<TrainingProgress> reports = new ArrayList<>();
    TrainingSummary s =
        ChildProcessTrainer.create().run(job().outputCheckpoint(ckpt).build(), "cpu", reports::add);
    assertEquals(TrainingSummary.Status.OK, s.status(), s.toString());
    assertEquals(4, s.steps());
    assertEquals("cpu", s.device());
    assertTrue(Double.isFinite(s.finalLoss()));
    assertEquals(2, reports.size(), "progress lines are forwarded from the child");
    assertEquals(4, reports.get(1).step());
    assertEquals(4, CheckpointIO.read(ckpt).step(), "the child wrote its checkpoint");
  }

  /** A large split is not copied for the child: it streams the shards through its own buffer. */
  @Test
  void childStreamsTheTrainShards() throws IOException {
    List<String> shards =
        FaceShards.write(dir.resolve("shards"), SyntheticFaces.make(CLASSES, 4, 112, 31), 2);
    TrainingSummary s =
        ChildProcessTrainer.create()
            .run(withoutData().streamedData(shards, 8, 2).build(), "cpu", null);
    assertEquals(TrainingSummary.Status.OK, s.status(), s.toString());
    assertEquals(4, s.steps());
    assertTrue(Double.isFinite(s.finalLoss()));
  }

  @Test
  void aJobNeedsExactlyOneDataSource() throws IOException {
    assertThrows(IllegalArgumentException.class, () -> withoutData().build());
    assertThrows(
        IllegalArgumentException.class, () -> job().streamedData(List.of("x.avro"), 8, 1).build());
  }

  @Test
  void haltedChildBecomesAFailedSummaryWithItsExitCode() throws IOException {
    String ckpt = dir.resolve("never.bin").toString();
    TrainingSummary s =
        ChildProcessTrainer.create()
            .run(job().outputCheckpoint(ckpt).haltWithExitCode(134).build(), "cpu", null);
    assertEquals(TrainingSummary.Status.FAILED, s.status());
    assertTrue(s.message().contains("exited with code 134"), s.message());
    assertTrue(
        s.message().contains("halting with exit code 134"),
        "stderr tail is in the message: " + s.message());
    assertFalse(Files.exists(Path.of(ckpt)));
  }

  /**
   * A child that hangs before its first progress report is killed at the timeout's minimum and
   * becomes a FAILED summary that says so; the parent does not wait for it.
   */
  @Test
  void hungChildIsKilledAtItsDeadlineAndFails() throws IOException {
    long start = System.currentTimeMillis();
    TrainingSummary s =
        ChildProcessTrainer.create()
            .withHangTimeout(new ChildTimeout(3, 2))
            .run(job().hangSeconds(3600).build(), "cpu", null);
    double waited = (System.currentTimeMillis() - start) / 1000.0;
    assertEquals(TrainingSummary.Status.FAILED, s.status());
    assertTrue(s.message().contains("killed as hung after"), s.message());
    assertTrue(s.message().contains("it reported no progress"), s.message());
    // (on a loaded machine the child may not even have printed its "hanging" line by then)
    assertTrue(waited >= 2 && waited < 120, "waited " + waited + " s, not the child's hour");
  }

  @Test
  void childClassPathAppendsTheJobsCodeSourcesOnce() {
    String sep = File.pathSeparator;
    assertEquals(
        "a.jar" + sep + "b.jar" + sep + "job.jar",
        ChildProcessTrainer.childClassPath(
            "a.jar" + sep + "b.jar", List.of(Path.of("job.jar"), Path.of("b.jar"))));
    assertEquals("job.jar", ChildProcessTrainer.childClassPath("", List.of(Path.of("job.jar"))));
  }

  /**
   * A Flink TaskManager loads the job jar in a user-code class loader, so it is not on {@code
   * java.class.path}: the child must still find the trainer and the job's loss.
   */
  @Test
  void childRunsWhenTheParentClassPathLacksTheJobClasses() throws IOException {
    Path trainerClasses = codeSource(ChildProcessTrainer.class);
    Path testClasses = codeSource(TestCosFaceFactory.class);
    String original = System.getProperty("java.class.path");
    List<String> withoutJob = new ArrayList<>();
    for (String entry : classPathEntries(original)) {
      Path p = Path.of(entry).toAbsolutePath().normalize();
      if (!p.equals(trainerClasses) && !p.equals(testClasses)) {
        withoutJob.add(entry);
      }
    }
    assertTrue(withoutJob.size() > 2, "dependencies are on the class path: " + withoutJob);
    System.setProperty("java.class.path", String.join(File.pathSeparator, withoutJob));
    try {
      TrainingSummary s = ChildProcessTrainer.create().run(job().build(), "cpu", null);
      assertEquals(TrainingSummary.Status.OK, s.status(), s.toString());
    } finally {
      System.setProperty("java.class.path", original);
    }
  }

  private static Path codeSource(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toAbsolutePath()
          .normalize();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The class path's entries, looking through a manifest-only jar (surefire's booter) if that is
   * all it holds.
   */
  private static List<String> classPathEntries(String classPath) throws IOException {
    String[] entries = classPath.split(File.pathSeparator);
    if (entries.length == 1 && entries[0].endsWith(".jar")) {
      try (JarFile jar = new JarFile(entries[0])) {
        String manifestPath =
            jar.getManifest() == null
                ? null
                : jar.getManifest().getMainAttributes().getValue("Class-Path");
        if (manifestPath != null) {
          List<String> out = new ArrayList<>();
          for (String url : manifestPath.trim().split("\\s+")) {
            out.add(
                Path.of(
                        URI.create(url).isAbsolute()
                            ? URI.create(url)
                            : Path.of(entries[0]).toAbsolutePath().getParent().toUri().resolve(url))
                    .toString());
          }
          return out;
        }
      }
    }
    return List.of(entries);
  }
}
