package io.lfsbeam.bench;

import io.lfsbeam.schemas.VerificationPair;
import java.util.List;

/**
 * Aligned faces of people the network never trained on, and the verification pairs over them (pair
 * ids are indexes into {@code pixels}, folds 0..9).
 *
 * @param pixels H·W·3 RGB bytes per face
 */
public record HeldOutFaces(
    int height, int width, List<byte[]> pixels, List<VerificationPair> pairs) {
  public HeldOutFaces {
    pixels = List.copyOf(pixels);
    pairs = List.copyOf(pairs);
  }
}
