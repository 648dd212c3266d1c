/**
 * The policies of the search, pure Java (METHOD.md §2–3): the Gaussian sampler of Search-/
 * Random-Softmax and its search spaces ({@link io.lfsbeam.search.policy.SearchSpace#amplitude} is
 * the one home of e^{s/3}), AM-LFS's τ(p), REINFORCE with reward normalisation, PyTorch-exact Adam,
 * the seeds of every candidate, the CosFace equivalence a = 1 − e^{s·m} ({@link
 * io.lfsbeam.search.policy.CosFaceEquivalence}), and the conversion of a policy to and from its
 * {@code PolicyState} record.
 *
 * <p>May depend on: the JDK, the Avro record classes of {@code io.lfsbeam.schemas} (in {@link
 * io.lfsbeam.search.policy.PolicyStates} only), and {@code io.lfsbeam.options} for the command-line
 * spelling of {@code SearchSpace}. No Beam, no TensorFlow.
 */
package io.lfsbeam.search.policy;
