package io.lfsbeam.train.backbone;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.lfsbeam.options.Choice;
import java.util.function.Supplier;

/** The backbones a command line names ({@code --backbone}, {@code bench --presets}). */
public enum BackbonePreset implements Choice {
  /** 28×28 internally; the demo and the tests. */
  TINY(BackboneConfig::tiny),
  /** SphereFace-20. */
  RESNET20(BackboneConfig::resnet20),
  /** IR-50. */
  RESNET50(BackboneConfig::resnet50);

  private final Supplier<BackboneConfig> config;

  BackbonePreset(Supplier<BackboneConfig> config) {
    this.config = config;
  }

  public BackboneConfig config() {
    return config.get();
  }

  /** {@code tiny}, {@code resnet20} or {@code resnet50}, any case. */
  @JsonCreator
  public static BackbonePreset parse(String text) {
    return Choice.parse(BackbonePreset.class, text);
  }
}
