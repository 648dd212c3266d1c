package io.lfsbeam.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.SecurityOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunnersTest {
  @AfterEach
  void restoreTheLibraryDefault() {
    Runners.setEmbeddedDefault(Runners.Embedded.DIRECT);
  }

  @Test
  void withTheCommandLineDefaultAPipelineWithNoRunnerGetsTheEmbeddedFlink() {
    Runners.setEmbeddedDefault(Runners.Embedded.FLINK_LOCAL);
    PipelineOptions o = PipelineOptionsFactory.fromArgs("--jobName=x").create();
    Runners.configure(o);
    FlinkPipelineOptions f = o.as(FlinkPipelineOptions.class);
    assertEquals(FlinkRunner.class, o.getRunner());
    assertEquals("[local]", f.getFlinkMaster());
    assertEquals(Runtime.getRuntime().availableProcessors(), f.getParallelism());
    assertEquals(List.of(), f.getFilesToStage(), "the MiniCluster shares this JVM's classes");
    assertTrue(f.getFasterCopy());
    // Flink reads the MiniCluster's settings from this folder: managed memory is a fixed size, not
    // 40 % of whatever heap is free
    Configuration conf = GlobalConfiguration.loadConfiguration(f.getFlinkConfDir());
    assertEquals(
        MemorySize.parse(Runners.EMBEDDED_MANAGED_MEMORY),
        conf.get(TaskManagerOptions.MANAGED_MEMORY_SIZE));
    // every temporary file of Flink goes into this JVM's scratch folder, removed when it ends
    String scratch = ScratchFolder.current().dir().toString();
    assertTrue(conf.get(CoreOptions.TMP_DIRS).startsWith(scratch), conf.get(CoreOptions.TMP_DIRS));
    assertTrue(conf.get(WebOptions.TMP_DIR).startsWith(scratch), conf.get(WebOptions.TMP_DIR));
    assertTrue(f.getFlinkConfDir().startsWith(scratch), f.getFlinkConfDir());
    assertFalse(conf.get(SecurityOptions.DELEGATION_TOKENS_ENABLED));
  }

  @Test
  void aFlinkConfDirOfTheUsersIsKept() {
    Runners.setEmbeddedDefault(Runners.Embedded.FLINK_LOCAL);
    PipelineOptions o = PipelineOptionsFactory.fromArgs("--flinkConfDir=/etc/flink").create();
    Runners.configure(o);
    assertEquals("/etc/flink", o.as(FlinkPipelineOptions.class).getFlinkConfDir());
  }

  @Test
  void aRunnerNamedOnTheCommandLineIsKept() {
    assertTrue(Runners.namesRunner(new String[] {"--input=x", "--runner=DirectRunner"}));
    assertFalse(Runners.namesRunner(new String[] {"--input=x", "--runnerish=1"}));
    PipelineOptions cluster =
        PipelineOptionsFactory.fromArgs(
                "--runner=FlinkRunner", "--flinkMaster=127.0.0.1:8081", "--parallelism=4")
            .create();
    Runners.setEmbeddedDefault(Runners.Embedded.FLINK_LOCAL);
    Runners.configure(cluster);
    assertEquals("127.0.0.1:8081", cluster.as(FlinkPipelineOptions.class).getFlinkMaster());
    assertEquals(4, cluster.as(FlinkPipelineOptions.class).getParallelism());
    assertNull(cluster.as(FlinkPipelineOptions.class).getFlinkConfDir(), "the cluster's own");
  }

  @Test
  void theLibraryDefaultStaysTheDirectRunnerWithoutItsChecks() {
    PipelineOptions o = PipelineOptionsFactory.create();
    Runners.configure(o);
    assertEquals(DirectRunner.class, o.getRunner());
    assertFalse(o.as(DirectOptions.class).isBlockOnRun());
    assertFalse(o.as(DirectOptions.class).isEnforceImmutability());
  }
}
