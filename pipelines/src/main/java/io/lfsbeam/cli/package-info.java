/**
 * The {@code lfs} command line: one {@link io.lfsbeam.cli.Command} per word, options parsed by
 * Beam's {@code PipelineOptionsFactory}, {@code --help} from the options' annotations. A command
 * refused before it starts (usage, inputs, outputs, an output another run holds) ends in one line
 * and exit code 2, a failed run in one line ({@link io.lfsbeam.cli.ErrorLine}) naming the debug
 * log, and exit code 1. What the console shows and what the debug log keeps: {@link
 * io.lfsbeam.cli.ConsoleLogging}. Each command holds its output folders while it runs ({@link
 * io.lfsbeam.cli.Command#outputs}). {@code lfs preprocess} runs in a second JVM with a lighter JIT
 * and collector ({@link io.lfsbeam.cli.JvmRelaunch}).
 *
 * <p>May depend on: {@code io.lfsbeam.pipelines}, the transforms library and logback (the console's
 * configuration). No pipeline is built here: a command validates its options and calls a pipeline.
 */
package io.lfsbeam.cli;
