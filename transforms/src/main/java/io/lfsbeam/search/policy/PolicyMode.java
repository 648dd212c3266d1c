package io.lfsbeam.search.policy;

/**
 * Which search a policy serves; mirrors the policy-bearing symbols of the Avro {@code SearchMode}.
 */
public enum PolicyMode {
  /** Search-Softmax: sample a from N(μ, σ²) and move μ by REINFORCE. */
  SEARCH,
  /** Random-Softmax: the same sampler with μ held fixed (the no-feedback control). */
  RANDOM,
  /** AM-LFS: sample the piecewise-linear τ(p) and move its means by REINFORCE. */
  AMLFS
}
