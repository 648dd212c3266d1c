/**
 * The {@code lfs} command line: one {@link io.lfsbeam.cli.Command} per word, options parsed by
 * Beam's {@code PipelineOptionsFactory}, {@code --help} from the options' annotations, usage errors
 * as one line and exit code 2, failures as one line and exit code 1.
 *
 * <p>May depend on: {@code io.lfsbeam.pipelines} and the transforms library. No pipeline is built
 * here: a command validates its options and calls a pipeline.
 */
package io.lfsbeam.cli;
