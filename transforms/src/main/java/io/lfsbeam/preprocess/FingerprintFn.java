package io.lfsbeam.preprocess;

import io.lfsbeam.schemas.AlignedFace;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.Combine;

/**
 * An order-independent fingerprint of the accepted faces: the sum, modulo 2^256, of SHA-256 over
 * each face's (id, split, label, content hash). Summing rather than sorting keeps it one pass and
 * constant memory on millions of faces; the final value also covers the options.
 */
public final class FingerprintFn extends Combine.CombineFn<AlignedFace, BigInteger, String> {
  private static final BigInteger MOD = BigInteger.ONE.shiftLeft(256);

  @Override
  public BigInteger createAccumulator() {
    return BigInteger.ZERO;
  }

  @Override
  public BigInteger addInput(BigInteger acc, AlignedFace f) {
    String key = f.getId() + "|" + f.getSplit() + "|" + f.getLabel() + "|" + f.getContentHash();
    return acc.add(new BigInteger(1, StableHash.sha256(key.getBytes(StandardCharsets.UTF_8))))
        .mod(MOD);
  }

  @Override
  public BigInteger mergeAccumulators(Iterable<BigInteger> accs) {
    BigInteger sum = BigInteger.ZERO;
    for (BigInteger a : accs) {
      sum = sum.add(a);
    }
    return sum.mod(MOD);
  }

  @Override
  public String extractOutput(BigInteger acc) {
    return acc.toString(16);
  }

  /** Combines the record sum with the options into the manifest's fingerprint. */
  static String finish(String recordSum, Map<String, String> options) {
    return StableHash.sha256Hex(
        (recordSum + "|" + new TreeMap<>(options)).getBytes(StandardCharsets.UTF_8));
  }
}
