package io.lfsbeam.pipelines;

import io.lfsbeam.tf.TensorFlowProbe;
import io.lfsbeam.train.Device;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Options of {@code lfs doctor}: what this machine offers a training run. */
public interface DoctorOptions extends PipelineOptions {
  /** The value Beam's Flink runner gives {@code --flinkMaster} when none is set. */
  String NO_CLUSTER = "[auto]";

  @Description(
      "Flink JobManager REST address (host:port) to ask whether it answers and how many TaskManagers and slots it has; "
          + "[auto] or [local] = no cluster to check")
  @Default.String(NO_CLUSTER)
  String getFlinkMaster();

  void setFlinkMaster(String value);

  @Description(
      "The device the training run will ask for: auto, cpu, gpu or gpu:N (gpu fails the check when TensorFlow sees no such GPU)")
  @Default.String(Device.AUTO)
  String getDevice();

  void setDevice(String value);

  @Description(
      "Seconds TensorFlow may take to load in a child JVM (the first use on a machine unpacks ~1 GB of native libraries)")
  @Default.Integer(TensorFlowProbe.DEFAULT_TIMEOUT_SECONDS)
  int getTimeoutSeconds();

  void setTimeoutSeconds(int value);
}
