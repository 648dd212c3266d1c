package io.lfsbeam.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SharedDataTest {
  @ParameterizedTest
  @ValueSource(strings = {"losses.json", "modern_losses.json", "policy.json", "similarity.json"})
  void testVectorsMatchTheSharedOriginals(String name) throws IOException {
    byte[] copy = Files.readAllBytes(SharedData.testVector(name));
    byte[] original = Files.readAllBytes(SharedData.require("testvectors/" + name));
    assertArrayEquals(
        original, copy, name + " in src/test/resources differs from ../shared/testvectors");
  }
}
