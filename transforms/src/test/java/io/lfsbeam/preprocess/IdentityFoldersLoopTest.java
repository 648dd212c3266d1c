package io.lfsbeam.preprocess;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.lfsbeam.insightface.PackFiles;
import io.lfsbeam.schemas.FaceImage;
import io.lfsbeam.testing.FastDirectRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listing a folder input is bounded whatever links it holds (issue 25, class 5: two symbolic-link
 * loops made preprocess hang before it printed anything, in Beam's glob walk, which also ran twice
 * over the folder before the pipeline): the walk of {@link IdentityFolders} lists each folder once,
 * and only the four real images are faces, whatever the links (what becomes of each link is {@code
 * InputBoundariesTest}'s subject).
 */
class IdentityFoldersLoopTest {
  @TempDir Path tmp;

  /** Two identities of two images each, plus the given links. */
  private Path folder(String name) throws Exception {
    Path root = tmp.resolve(name);
    for (String id : List.of("alice", "bob")) {
      Files.createDirectories(root.resolve(id));
      for (String img : List.of("1.png", "2.png")) {
        Files.writeString(root.resolve(id).resolve(img), id + img);
      }
    }
    return root;
  }

  private static void listed(Path root) {
    Pipeline p = Pipeline.create(FastDirectRunner.options());
    PCollection<String> names =
        p.apply(IdentityFolders.under(root.toString()))
            .get(ListFaceImages.FACES)
            .apply(
                MapElements.into(TypeDescriptors.strings())
                    .via((FaceImage f) -> f.getRelativePath()));
    PAssert.that(names).containsInAnyOrder("alice/1.png", "alice/2.png", "bob/1.png", "bob/2.png");
    p.run().waitUntilFinish();
  }

  @Test
  void linkLoopsInEverySpellingAreListedInBoundedTime() throws Exception {
    // each: where the link is, what it points to
    String[][][] loops = {
      {{"alice/up", ".."}, {"bob/up", ".."}}, // two loops back to the root (the case)
      {{"alice/self", "."}, {"bob/self", "."}}, // folders that contain themselves
      {{"alice/root", "../../loopy-2"}, {"bob/x", "../alice"}}, // absolute-ish and sideways
    };
    for (int i = 0; i < loops.length; i++) {
      Path root = folder("loopy-" + i);
      for (String[] link : loops[i]) {
        Files.createSymbolicLink(root.resolve(link[0]), Path.of(link[1]));
      }
      assertTimeoutPreemptively(
          Duration.ofSeconds(60),
          () -> {
            // the check that picks the input's kind stats two names, it walks nothing
            assertFalse(PackFiles.isPack(root.toString()));
            listed(root);
          });
    }
  }
}
