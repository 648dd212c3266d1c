package io.lfsbeam.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The identity-name rule: anything but control characters (and nothing at all). */
class IdentityNamesTest {
  @Test
  void namesWithControlCharactersAreRefused() {
    String[][] cases = {
      {"a\tb", "U+0009"},
      {"a\nb", "U+000A"},
      {"a\rb", "U+000D"},
      {"a\u0000b", "U+0000"},
      {"esc\u001b[31m", "U+001B"},
      {"del\u007f", "U+007F"},
      {"nel\u0085", "U+0085"},
      {"line\u2028sep", "U+2028"},
      {"para\u2029sep", "U+2029"},
    };
    for (String[] c : cases) {
      String problem = IdentityNames.problem(c[0]);
      assertNotNull(problem, c[1]);
      assertTrue(problem.contains(c[1]), problem);
      assertEquals(1, problem.lines().count(), "the message itself stays on one line: " + problem);
    }
    assertNotNull(IdentityNames.problem(""));
    assertNotNull(IdentityNames.problem("   "));
  }

  @Test
  void otherNamesStandAsTheyAre() {
    for (String ok :
        new String[] {"s1", "Aaron_Eckhart", "José Martí", "李小龙", "..\\..\\x", "a/b", "%2e%2e"}) {
      assertNull(IdentityNames.problem(ok), ok);
    }
    assertEquals("a\\u0009b", IdentityNames.printable("a\tb"));
  }
}
