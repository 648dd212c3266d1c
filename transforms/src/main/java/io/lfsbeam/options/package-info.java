/**
 * How a closed choice is spelled on the command line ({@link io.lfsbeam.options.Choice}): the enums
 * that options are typed with implement it, so Beam's Jackson-based option parsing accepts {@code
 * --mode=search} and {@code --isolation=child-process}.
 *
 * <p>May depend on: the JDK and Jackson's annotations (through the enums that use it). No Beam, no
 * TensorFlow.
 */
package io.lfsbeam.options;
