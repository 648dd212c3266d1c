package io.lfsbeam.preprocess;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hashes that are the same on every JVM and run (never {@code Object.hashCode} of a mutable or
 * identity object).
 */
public final class StableHash {
  private StableHash() {}

  /** 64-bit FNV-1a of the UTF-8 bytes, mixed with a seed through SplitMix64. */
  public static long of(long seed, String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    return splitMix64(h ^ splitMix64(seed));
  }

  public static long splitMix64(long x) {
    long z = x + 0x9e3779b97f4a7c15L;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  public static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(sha256(bytes));
  }

  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** A stable face id: the first 16 hex digits of SHA-256 over the relative path. */
  public static String faceId(String relativePath) {
    return sha256Hex(relativePath.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
  }
}
