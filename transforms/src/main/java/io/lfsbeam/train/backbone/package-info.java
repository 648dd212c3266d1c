/**
 * The networks as TensorFlow ops: the tiny CNN of the demo and tests, SphereFace-20 and IR-50
 * presets ({@link io.lfsbeam.train.backbone.BackboneConfig}).
 *
 * <p>May depend on: TensorFlow Java ops only.
 */
package io.lfsbeam.train.backbone;
