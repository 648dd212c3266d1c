/**
 * What a person reads after a run: the search report ({@code report.md} and its charts), the method
 * comparison table, the ROC chart. The search report also gives the steps behind the final model,
 * the embedding norms and loss state per round and, for AdaFace and MagFace, where their official
 * defaults sit against those norms ({@link io.lfsbeam.report.NormsAndState}). Rendering ({@link
 * io.lfsbeam.report.ReportMarkdown}, the charts) is pure; loading reads the output folder through
 * {@link io.lfsbeam.search.SearchLayout}.
 *
 * <p>May depend on: XChart, Avro, commons-math3 (rank correlation), {@code io.lfsbeam.io} (which
 * reads through Beam's filesystems), {@code metrics}, {@code search} (the layout), {@code
 * search.policy} (CosFace-equivalent margins). No Beam transforms, no TensorFlow.
 */
package io.lfsbeam.report;
