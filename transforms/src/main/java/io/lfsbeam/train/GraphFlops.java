package io.lfsbeam.train;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;

/**
 * Floating-point operations per image of a graph path, counted from the graph itself: every
 * convolution and matrix product that running {@code target} executes (its ancestors through data
 * and control edges), forward and backward alike, so the count follows any change to the backbone.
 *
 * <p>The formulas count one multiply and one add per multiply–add (the usual convention, e.g. a
 * 112×112 resnet20 forward is about 5.2 GFLOP):
 *
 * <ul>
 *   <li>Conv2D and Conv2DBackpropInput: 2 · Ho · Wo · kh · kw · Cin · Cout, from the output
 *       gradient [N, Ho, Wo, Cout] (for Conv2D its output) and the filter [kh, kw, Cin, Cout];
 *   <li>Conv2DBackpropFilter: the same product, from the output gradient and the filter shape (its
 *       own output);
 *   <li>MatMul: 2 · M · K · P for [M, K] × [K, P] (transpositions applied).
 * </ul>
 *
 * A training step thus counts about 3× the forward convolutions (forward, gradient of the input,
 * gradient of the weights) less the input gradient of the first layer, which nothing needs. The
 * batch dimension is unknown in the graph (−1) and counts as 1, which makes every figure per image.
 * Element-wise work (BatchNorm, PReLU, pooling, the loss, the optimiser) is left out: in resnet20
 * it is well under 1 % of the FLOPs, though not of the time, since it is bound by memory bandwidth.
 */
final class GraphFlops {
  private GraphFlops() {}

  /** FLOPs per image of everything {@code target} depends on. */
  static long perImage(GraphOperation target) {
    long flops = 0;
    for (GraphOperation op : ancestors(target)) {
      flops += flops(op);
    }
    return flops;
  }

  /** FLOPs per image of one op; 0 for the op types not counted. */
  static long flops(GraphOperation op) {
    switch (op.type()) {
      case "Conv2D":
        return conv(shape(op.output(0)), shape(op.input(1)));
      case "Conv2DBackpropInput":
        return conv(shape(op.input(2)), shape(op.input(1)));
      case "Conv2DBackpropFilter":
        return conv(shape(op.input(2)), shape(op.output(0)));
      case "MatMul":
        return matMul(op);
      default:
        return 0;
    }
  }

  private static long conv(Shape outputGradient, Shape filter) {
    if (outputGradient.numDimensions() != 4 || filter.numDimensions() != 4) {
      throw new IllegalStateException(
          "convolution without static shapes: " + outputGradient + ", filter " + filter);
    }
    return 2
        * dim(outputGradient, 1)
        * dim(outputGradient, 2)
        * dim(filter, 0)
        * dim(filter, 1)
        * dim(filter, 2)
        * dim(filter, 3);
  }

  private static long matMul(GraphOperation op) {
    Shape a = shape(op.input(0));
    Shape b = shape(op.input(1));
    boolean ta = op.attributes().getAttrBool("transpose_a");
    boolean tb = op.attributes().getAttrBool("transpose_b");
    long m = dim(a, ta ? 1 : 0);
    long k = dim(a, ta ? 0 : 1);
    long p = dim(b, tb ? 0 : 1);
    return 2 * m * k * p;
  }

  /** A static dimension; the unknown batch dimension (−1) counts as one image. */
  private static long dim(Shape s, int i) {
    long d = s.size(i);
    return d < 0 ? 1 : d;
  }

  private static Shape shape(Operand<?> o) {
    return o.shape();
  }

  private static Set<GraphOperation> ancestors(GraphOperation target) {
    Set<GraphOperation> seen = new HashSet<>();
    Deque<GraphOperation> todo = new ArrayDeque<>();
    todo.push(target);
    while (!todo.isEmpty()) {
      GraphOperation op = todo.pop();
      if (!seen.add(op)) {
        continue;
      }
      for (Operand<?> in : op.inputs()) {
        todo.push((GraphOperation) in.op());
      }
      todo.addAll(op.controlInputs());
    }
    return seen;
  }
}
