package io.lfsbeam.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paths a list file may write, in every spelling that could lead out of its folder. */
class InputPathsTest {
  @TempDir Path tmp;

  @Test
  void pathsInsideTheListsFolderBecomeCleanRelativePaths() throws Exception {
    String root = tmp.resolve("lists").toString();
    String[][] cases = {
      {"id/a.png", "id/a.png"},
      {"./id/./a.png", "id/a.png"},
      {"id//a.png", "id/a.png"},
      {"id\\a.png", "id/a.png"},
      {"id/x/../a.png", "id/a.png"},
      {"  id/a.png  ", "id/a.png"},
      {root + "/id/a.png", "id/a.png"},
      {root + "/x/../id/a.png", "id/a.png"},
      // percent signs are never decoded: %2e%2e is a folder name here, not '..'
      {"%2e%2e/%2e%2e/etc/passwd", "%2e%2e/%2e%2e/etc/passwd"},
      {"id/a:b.png", "id/a:b.png"},
    };
    for (String[] c : cases) {
      assertEquals(c[1], InputPaths.listed(root, c[0]), c[0]);
    }
  }

  @Test
  void anAbsolutePathThroughALinkToTheFolderIsInside() throws Exception {
    Path real = Files.createDirectories(tmp.resolve("real"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
    assertEquals("id/a.png", InputPaths.listed(real.toString(), link + "/id/a.png"));
    assertEquals("id/a.png", InputPaths.listed(link.toString(), real + "/id/a.png"));
  }

  @Test
  void everyWayOutIsRefusedWithItsReason() {
    String root = tmp.resolve("lists").toString();
    String[][] cases = {
      {"../x.png", "PATH_OUTSIDE_INPUT", "'..'"},
      {"..", "PATH_OUTSIDE_INPUT", "'..'"},
      {"id/../../x.png", "PATH_OUTSIDE_INPUT", "'..'"},
      {"..\\..\\etc\\passwd", "PATH_OUTSIDE_INPUT", "'..'"},
      {"./../lists-other/x.png", "PATH_OUTSIDE_INPUT", "'..'"},
      {"/etc/passwd", "PATH_OUTSIDE_INPUT", "absolute path outside"},
      {root + "/../x.png", "PATH_OUTSIDE_INPUT", "absolute path outside"},
      {root + "-other/x.png", "PATH_OUTSIDE_INPUT", "absolute path outside"},
      {"C:\\data\\x.png", "PATH_OUTSIDE_INPUT", "Windows drive"},
      {"c:/x.png", "PATH_OUTSIDE_INPUT", "Windows drive"},
      {"file:///etc/passwd", "PATH_OUTSIDE_INPUT", "URI"},
      {"file:x.png", "PATH_OUTSIDE_INPUT", "URI"},
      {"gs://bucket/x.png", "PATH_OUTSIDE_INPUT", "URI"},
      {"http://host/x.png", "PATH_OUTSIDE_INPUT", "URI"},
      {".", "BAD_PATH", "folder itself"},
      {"id/..", "BAD_PATH", "folder itself"},
      {"   ", "BAD_PATH", "empty"},
      {"id/a\u0000.png", "BAD_PATH", "U+0000"},
      {"id/a\u001b.png", "BAD_PATH", "U+001B"},
    };
    for (String[] c : cases) {
      InputRefusedException e =
          assertThrows(InputRefusedException.class, () -> InputPaths.listed(root, c[0]), c[0]);
      assertEquals(c[1], e.refusal().code(), c[0]);
      assertTrue(e.getMessage().contains(c[2]), c[0] + ": " + e.getMessage());
    }
  }

  @Test
  void listedPathsMayNotEscapeWhenRead() {
    assertNull(InputPaths.escapes("id/a.png"));
    assertNull(InputPaths.escapes("id/..\\..\\x.png"), "a backslash is a character of the name");
    assertNull(InputPaths.escapes("id/...png"));
    for (String bad :
        new String[] {"", "/etc/passwd", "../x", "id/../x", "id/./x", "id//x", "id/"}) {
      assertNotNull(InputPaths.escapes(bad), bad);
    }
  }

  @Test
  void localRootsAreTold() {
    assertTrue(InputPaths.isLocal("/data/x"));
    assertTrue(InputPaths.isLocal("data/x"));
    assertTrue(InputPaths.isLocal("file:///data/x"));
    assertTrue(!InputPaths.isLocal("gs://bucket/x"));
    assertEquals(Path.of("/data/a b"), InputPaths.localPath("file:///data/a%20b"));
  }
}
