/**
 * The runnable pipelines and their options: {@code preprocess}, {@code search} (also {@code train}
 * and {@code compare}), {@code evaluate}; the options interfaces ({@code @Description},
 * {@code @Default} referencing the library's {@code DEFAULT_*} constants, enum-typed choices) and
 * the runner set-up (DirectRunner, FlinkRunner) and each process's folder for temporary files
 * ({@link io.lfsbeam.pipelines.ScratchFolder}: Flink's, removed at exit or by the next process);
 * {@link io.lfsbeam.pipelines.Places}, the rule that every command writes apart from what it reads.
 *
 * <p>May depend on: Beam and its runners, and every package of the transforms library.
 */
package io.lfsbeam.pipelines;
