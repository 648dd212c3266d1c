package io.lfsbeam.flink;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * lfs-job.jar holds the pipelines and Beam, and leaves to the cluster's lib/ what must load once
 * per JVM.
 */
class JobJarIT {
  private static JarFile jar() throws IOException {
    return new JarFile(Paths.get(System.getProperty("lfs.job.jar", "target/lfs-job.jar")).toFile());
  }

  @Test
  void leavesFlinkAndTheJvmWideLibrariesOut() throws IOException {
    List<String> banned =
        List.of(
            "org/apache/flink/",
            "ai/djl/",
            "org/tensorflow/",
            "org/bytedeco/",
            "com/google/protobuf/",
            "com/twelvemonkeys/",
            "org/slf4j/",
            "native/lib/libtensorflow");
    try (JarFile j = jar()) {
      j.stream()
          .map(ZipEntry::getName)
          .forEach(
              n ->
                  banned.forEach(
                      b ->
                          assertFalse(
                              n.startsWith(b),
                              n + " belongs in the cluster's lib/, not the job jar")));
      assertFalse(
          j.stream().anyMatch(n -> n.getName().endsWith(".SF") || n.getName().endsWith(".RSA")),
          "signatures of shaded jars are removed");
    }
  }

  @Test
  void holdsThePipelinesTheFlinkRunnerAndMergedServiceFiles() throws IOException {
    try (JarFile j = jar()) {
      assertNotNull(j.getEntry("io/lfsbeam/pipelines/PreprocessPipeline.class"));
      assertNotNull(j.getEntry("io/lfsbeam/search/runner/TensorFlowCandidateRunner.class"));
      assertNotNull(j.getEntry("org/apache/beam/runners/flink/FlinkRunner.class"));
      // ServicesResourceTransformer: registrars of several Beam jars merged into one file
      String registrars =
          new String(
              j.getInputStream(
                      j.getEntry(
                          "META-INF/services/org.apache.beam.sdk.options.PipelineOptionsRegistrar"))
                  .readAllBytes(),
              StandardCharsets.UTF_8);
      assertTrue(registrars.contains("Flink"), registrars);
      assertTrue(
          registrars.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count() > 1,
          registrars);
    }
  }
}
