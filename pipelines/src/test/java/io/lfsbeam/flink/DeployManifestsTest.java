package io.lfsbeam.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The GPU deployment files cannot run here (no Kubernetes, no Docker, no GPU): this reads them and
 * checks the fields the deployment depends on, and that they agree with the local cluster's config.
 */
class DeployManifestsTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Path DEPLOY = FlinkCluster.deployDir();

  private static List<JsonNode> documents(Path file) throws Exception {
    List<JsonNode> docs = new ArrayList<>();
    try (var it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (it.hasNext()) {
        JsonNode d = (JsonNode) it.next();
        if (d != null && !d.isEmpty()) {
          docs.add(d);
        }
      }
    }
    return docs;
  }

  private static JsonNode ofKind(List<JsonNode> docs, String kind) {
    return docs.stream()
        .filter(d -> kind.equals(d.path("kind").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind));
  }

  private static JsonNode mainContainer(JsonNode podTemplate) {
    for (JsonNode c : podTemplate.path("spec").path("containers")) {
      if ("flink-main-container".equals(c.path("name").asText())) {
        return c;
      }
    }
    throw new AssertionError("no flink-main-container in " + podTemplate);
  }

  @Test
  void taskManagersHaveOneSlotPerGpu() throws Exception {
    JsonNode d = ofKind(documents(DEPLOY.resolve("k8s/flink-gpu-session.yaml")), "FlinkDeployment");
    assertEquals("flink.apache.org/v1beta1", d.path("apiVersion").asText());
    assertEquals("v1_19", d.path("spec").path("flinkVersion").asText());
    assertTrue(
        d.path("spec").path("job").isMissingNode(), "a session cluster: jobs come from submit.sh");
    int gpus =
        mainContainer(d.path("spec").path("taskManager").path("podTemplate"))
            .path("resources")
            .path("limits")
            .path("nvidia.com/gpu")
            .asInt();
    int slots =
        d.path("spec").path("flinkConfiguration").path("taskmanager.numberOfTaskSlots").asInt();
    assertEquals(1, gpus, "each TaskManager pod requests one GPU");
    assertEquals(gpus, slots, "one slot per GPU");
    assertTrue(
        mainContainer(d.path("spec").path("jobManager").path("podTemplate"))
            .path("resources")
            .path("limits")
            .path("nvidia.com/gpu")
            .isMissingNode(),
        "the JobManager needs no GPU");
  }

  @Test
  void kubernetesAndLocalClusterShareTheFaultToleranceAndClassLoading() throws Exception {
    JsonNode k8s =
        ofKind(documents(DEPLOY.resolve("k8s/flink-gpu-session.yaml")), "FlinkDeployment")
            .path("spec")
            .path("flinkConfiguration");
    JsonNode local = documents(DEPLOY.resolve("flink/conf/config.yaml")).get(0);
    for (String key :
        List.of(
            "jobmanager.execution.failover-strategy",
            "restart-strategy.type",
            "classloader.parent-first-patterns.additional",
            "taskmanager.network.sort-shuffle.min-buffers")) {
      assertTrue(k8s.hasNonNull(key), key);
      assertEquals(local.path(key).asText(), k8s.path(key).asText(), key);
    }
    assertEquals("region", local.path("jobmanager.execution.failover-strategy").asText());
    assertEquals("fixed-delay", local.path("restart-strategy.type").asText());
    for (String pkg :
        List.of(
            "ai.djl.",
            "org.tensorflow.",
            "org.bytedeco.",
            "com.google.protobuf.",
            "com.twelvemonkeys.",
            // Flink's own snappy-java (flink-runtime's, the version Avro gets in the job jar):
            // loaded per job it unpacks its native library again and keeps the job jar open
            "org.xerial.snappy.")) {
      assertTrue(
          List.of(local.path("classloader.parent-first-patterns.additional").asText().split(";"))
              .contains(pkg),
          pkg);
    }
    assertTrue(
        k8s.path("env.java.opts.all")
            .asText()
            .contains("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.lfsbeam.schemas"));
  }

  @Test
  void everyPodMountsTheSharedClaim() throws Exception {
    JsonNode claim =
        ofKind(documents(DEPLOY.resolve("k8s/shared-storage.yaml")), "PersistentVolumeClaim");
    assertTrue(claim.path("spec").path("accessModes").toString().contains("ReadWriteMany"));
    JsonNode spec =
        ofKind(documents(DEPLOY.resolve("k8s/flink-gpu-session.yaml")), "FlinkDeployment")
            .path("spec");
    for (String role : List.of("jobManager", "taskManager")) {
      JsonNode pod = spec.path(role).path("podTemplate");
      assertEquals(
          claim.path("metadata").path("name").asText(),
          pod.path("spec")
              .path("volumes")
              .get(0)
              .path("persistentVolumeClaim")
              .path("claimName")
              .asText(),
          role);
      assertEquals(
          "/data", mainContainer(pod).path("volumeMounts").get(0).path("mountPath").asText(), role);
    }
  }

  @Test
  void workerImageIsCuda113WithJava17AndTheLibrariesInFlinksLib() throws Exception {
    String docker = Files.readString(DEPLOY.resolve("docker/Dockerfile"));
    assertTrue(
        docker.contains("FROM nvidia/cuda:11.3.1-cudnn8-runtime-"),
        "CUDA 11.3 + cuDNN 8 runtime base");
    assertTrue(docker.contains("openjdk-17-jre-headless"));
    assertTrue(docker.contains("FROM flink:1.19.0-"), "the Flink 1.19 distribution");
    assertTrue(docker.contains("/opt/flink/lib/"), "DJL/TensorFlow jars go to Flink's lib");
  }
}
