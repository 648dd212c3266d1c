/**
 * Every benchmark ({@code lfs bench align|train|eval|stream|search|pack|losses}) and the held-out
 * learning helpers they use. Figures are printed, never asserted.
 *
 * <p>May depend on: any lfs-beam package. Nothing but the CLI depends on it.
 */
package io.lfsbeam.bench;
