package io.lfsbeam.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.AlignmentMethod;
import io.lfsbeam.schemas.DeadLetter;
import io.lfsbeam.synth.SyntheticFaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dataset folder and a list file that try every way out of the input: names on disk holding
 * backslashes and dots, list paths with {@code ..}, absolute paths, URIs and Windows drives,
 * symbolic links out of the input, loops of links, identity names with control characters. A valid
 * face waits outside the input at every address those spellings could reach; none of them is read,
 * and every entry is accounted for with its reason.
 */
@Timeout(300)
class InputBoundariesTest {
  @TempDir static Path tmp;
  static Path root;
  static Path outside;
  static String secretHash;

  @BeforeAll
  static void layout() throws Exception {
    root = tmp.resolve("data/faces");
    SyntheticFaces.builder()
        .identities(3)
        .imagesPerIdentity(3)
        .imageSize(96)
        .seed(4)
        .build()
        .write(root);
    // a valid face outside the input, where '..\..\outside\secret.png' and friends would lead
    outside = Files.createDirectories(tmp.resolve("data/outside"));
    Path secret = outside.resolve("secret.png");
    Files.copy(tmp.resolve("data/faces/id_0000/0001.png"), secret);
    Files.write(secret, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND); // other bytes
    secretHash = StableHash.sha256Hex(Files.readAllBytes(secret));
    Files.createDirectories(tmp.resolve("outside"));
    Files.copy(secret, tmp.resolve("outside/secret.png"));
  }

  private static PreprocessRun run(PreprocessFaces t, String out) throws Exception {
    return PreprocessRun.run(
        t.withConfig(
                PreprocessConfig.defaults()
                    .withAlignment(AlignmentMethod.CENTER_CROP)
                    .withMinImagesPerIdentity(1)
                    .withMatchedPairsPerFold(1))
            .withSplit(IdentitySplit.byFractions(1, 0, 0, 1)),
        tmp.resolve(out));
  }

  private static Map<String, String> reasons(PreprocessRun run) {
    Map<String, String> m = new TreeMap<>();
    for (DeadLetter d : run.deadLetters) {
      m.put(d.getSource(), d.getReason());
    }
    return m;
  }

  private static void assertAccounted(PreprocessRun run) {
    var m = run.manifest;
    assertEquals(m.getInputs(), m.getAccepted() + m.getDeadLettered() + m.getDuplicates());
    for (AlignedFace f : run.faces) {
      assertFalse(secretHash.equals(f.getContentHash()), "read from outside: " + f.getSourcePath());
    }
  }

  @Test
  void aFolderIsWalkedTwoLevelsDeepAndNeverLeft() throws Exception {
    Path id = root.resolve("id_0001");
    // names on disk are literal: these are files of id_0001, not paths out of it
    Files.write(id.resolve("..\\..\\outside\\secret.png"), new byte[] {1, 2, 3});
    Files.write(id.resolve("..\\..\\..\\outside\\secret.png"), new byte[] {4, 5, 6});
    Files.write(id.resolve("...png"), new byte[] {7});
    // links: out of the input (file and folder), inside it (followed), loops, the root itself
    Files.createSymbolicLink(id.resolve("out.png"), outside.resolve("secret.png"));
    Files.createSymbolicLink(id.resolve("up.png"), Path.of("../../outside/secret.png"));
    Files.createSymbolicLink(id.resolve("in.png"), root.resolve("id_0002/0002.png"));
    Files.createSymbolicLink(id.resolve("loop-a.png"), id.resolve("loop-b.png"));
    Files.createSymbolicLink(id.resolve("loop-b.png"), id.resolve("loop-a.png"));
    Files.createSymbolicLink(id.resolve("dangling.png"), id.resolve("no-such.png"));
    Files.createSymbolicLink(root.resolve("escape"), outside);
    Files.createSymbolicLink(root.resolve("self"), root);
    Files.createSymbolicLink(root.resolve("cycle"), root.resolve("cycle"));
    Files.createSymbolicLink(root.resolve("alias"), root.resolve("id_0000"));
    // a folder below an identity folder is not part of the layout
    Files.createDirectories(id.resolve("deeper"));
    Files.copy(outside.resolve("secret.png"), id.resolve("deeper/secret.png"));
    // identity names the tab-separated files cannot hold
    for (String bad : new String[] {"tab\tname", "new\nline", "esc\u001bname"}) {
      Path d = Files.createDirectories(root.resolve(bad));
      Files.copy(root.resolve("id_0000/0001.png"), d.resolve("0001.png"));
    }

    PreprocessRun run = run(PreprocessFaces.fromFolder(root.toString()), "out-folder");
    Map<String, String> r = reasons(run);
    assertEquals("NOT_AN_IMAGE", r.get("id_0001/..\\..\\outside\\secret.png"));
    assertEquals("NOT_AN_IMAGE", r.get("id_0001/..\\..\\..\\outside\\secret.png"));
    assertEquals("NOT_AN_IMAGE", r.get("id_0001/...png"), "a file named '...png', read as one");
    assertEquals("SYMLINK_OUTSIDE_INPUT", r.get("id_0001/out.png"));
    assertEquals("SYMLINK_OUTSIDE_INPUT", r.get("id_0001/up.png"));
    assertEquals("SYMLINK_LOOP", r.get("id_0001/loop-a.png"));
    assertEquals("SYMLINK_LOOP", r.get("id_0001/loop-b.png"));
    assertEquals("READ_FAILED", r.get("id_0001/dangling.png"));
    assertEquals("SYMLINK_OUTSIDE_INPUT", r.get("escape"));
    assertEquals("SYMLINK_LOOP", r.get("self"));
    assertEquals("SYMLINK_LOOP", r.get("cycle"));
    for (String bad : new String[] {"tab\tname", "new\nline", "esc\u001bname"}) {
      assertEquals("BAD_IDENTITY_NAME", r.get(bad + "/0001.png"), bad);
    }
    assertEquals(14, r.size(), r.toString());
    assertFalse(r.containsKey("id_0001/deeper/secret.png"));
    // a link inside the input is followed: its bytes were read and found a duplicate
    Set<String> dups =
        run.duplicates.stream().map(d -> d.getSource().toString()).collect(Collectors.toSet());
    assertTrue(
        dups.contains("id_0001/in.png") || dups.contains("id_0002/0002.png"), dups.toString());
    // the aliased identity folder is followed too: its 3 images duplicate id_0000's
    assertEquals(4, dups.size(), dups.toString());
    assertEquals(9, run.faces.size(), "9 synthetic faces; in.png and alias/* are duplicates");
    assertTrue(run.faces.stream().noneMatch(f -> f.getIdentity().contains("\t")));
    assertAccounted(run);
    for (String stage : new String[] {"ingest", "read"}) {
      assertTrue(run.deadLetters.stream().anyMatch(d -> d.getStage().equals(stage)), stage);
    }
  }

  @Test
  void aListNamesOnlyPathsInsideItsFolder() throws Exception {
    Path listDir = tmp.resolve("data/faces");
    Path link =
        Files.createSymbolicLink(
            listDir.resolve("id_0002/leak.png"), outside.resolve("secret.png"));
    List<String> lines =
        List.of(
            "id_0000/0001.png\ta",
            "./id_0000//0002.png\ta",
            listDir + "/id_0000/0003.png\ta",
            "id_0001/../id_0002/0001.png\tb",
            "../outside/secret.png\tx",
            "id_0000/../../outside/secret.png\tx",
            "..\\outside\\secret.png\tx",
            tmp + "/outside/secret.png\tx",
            listDir + "/../outside/secret.png\tx",
            "file://" + tmp + "/outside/secret.png\tx",
            "C:\\outside\\secret.png\tx",
            "%2e%2e/outside/secret.png\tx",
            "id_0002/leak.png\tx",
            "id_0002/0002.png\tbad\u0001name",
            "id_0002/0003.png",
            "# a comment is not an input");
    Path list = Files.write(listDir.resolve("list.txt"), lines);
    try {
      PreprocessRun run = run(PreprocessFaces.fromList(list.toString()), "out-list");
      Map<String, String> r = reasons(run);
      String prefix = list + ": ";
      assertEquals("PATH_OUTSIDE_INPUT", r.get(prefix + "../outside/secret.png\\u0009x"));
      assertEquals(
          "PATH_OUTSIDE_INPUT", r.get(prefix + "id_0000/../../outside/secret.png\\u0009x"));
      assertEquals("PATH_OUTSIDE_INPUT", r.get(prefix + "..\\outside\\secret.png\\u0009x"));
      assertEquals("PATH_OUTSIDE_INPUT", r.get(prefix + tmp + "/outside/secret.png\\u0009x"));
      assertEquals(
          "PATH_OUTSIDE_INPUT", r.get(prefix + listDir + "/../outside/secret.png\\u0009x"));
      assertEquals(
          "PATH_OUTSIDE_INPUT", r.get(prefix + "file://" + tmp + "/outside/secret.png\\u0009x"));
      assertEquals("PATH_OUTSIDE_INPUT", r.get(prefix + "C:\\outside\\secret.png\\u0009x"));
      assertEquals("READ_FAILED", r.get("%2e%2e/outside/secret.png"), "a literal, missing name");
      assertEquals("SYMLINK_OUTSIDE_INPUT", r.get("id_0002/leak.png"));
      assertEquals("BAD_IDENTITY_NAME", r.get("id_0002/0002.png"));
      assertEquals("BAD_LIST_LINE", r.get(prefix + "id_0002/0003.png"));
      assertEquals(11, r.size(), r.toString());
      assertEquals(
          Set.of("id_0000/0001.png", "id_0000/0002.png", "id_0000/0003.png", "id_0002/0001.png"),
          run.faces.stream().map(f -> f.getSourcePath().toString()).collect(Collectors.toSet()));
      assertEquals(15, run.manifest.getInputs());
      assertAccounted(run);
    } finally {
      Files.delete(link);
      Files.delete(list);
    }
  }
}
