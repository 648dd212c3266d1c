package io.lfsbeam.pipelines;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;

/**
 * Test main: a pipeline on the command line's embedded Flink MiniCluster whose one task prints
 * "started" and then never ends, to be killed with {@code kill -9} while Flink's files exist.
 */
public final class StuckPipelineMain {
  private StuckPipelineMain() {}

  public static void main(String[] args) throws Exception {
    Runners.setEmbeddedDefault(Runners.Embedded.FLINK_LOCAL);
    var o = PipelineOptionsFactory.create();
    Runners.configure(o);
    Pipeline p = Pipeline.create(o);
    p.apply(Create.of(1))
        .apply(
            ParDo.of(
                new DoFn<Integer, Integer>() {
                  @ProcessElement
                  public void process(@Element Integer i) throws InterruptedException {
                    System.out.println("started");
                    System.out.flush();
                    Thread.sleep(Long.MAX_VALUE);
                  }
                }));
    p.run().waitUntilFinish();
  }
}
