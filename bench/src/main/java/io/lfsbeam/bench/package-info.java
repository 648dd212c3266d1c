/**
 * The benchmarks of {@code lfs bench align|train|profile|eval|stream|pack|losses}, the runs and
 * tables of {@code bench scale}, and the held-out learning helpers they use. Figures are printed,
 * never asserted. ({@code bench search} and the child processes of {@code bench scale} drive the
 * CLI's own pipelines, so they live with the CLI.)
 *
 * <p>The Maven module {@code lfs-beam-bench}, apart from the library: neither the library jar nor
 * the Flink job jar carries it. May depend on: any package of the library. Nothing but the CLI
 * depends on it.
 */
package io.lfsbeam.bench;
