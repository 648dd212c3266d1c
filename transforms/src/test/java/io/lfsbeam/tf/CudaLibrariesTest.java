package io.lfsbeam.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CudaLibrariesTest {
  @Test
  void theMissingOnesAreLibrariesTensorFlowOpensInItsOrder() {
    List<String> missing = CudaLibraries.missing();
    List<String> known =
        CudaLibraries.TENSORFLOW_2_10.stream().map(CudaLibraries.Lib::soname).toList();
    assertEquals(known.stream().filter(missing::contains).toList(), missing);
  }

  @Test
  void aLibraryEveryLinuxHasIsFoundAndANameNoneHasIsNot() {
    // the same dlopen as for the CUDA names, on names whose answer is known on any glibc system
    assertEquals(
        List.of("libdoes-not-exist.so.7"),
        CudaLibraries.missing(List.of("libc.so.6", "libdoes-not-exist.so.7")));
  }
}
