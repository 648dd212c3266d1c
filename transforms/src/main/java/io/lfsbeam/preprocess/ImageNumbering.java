package io.lfsbeam.preprocess;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The image number n by which LFW-style pairs files name a face as {@code <identity> <n>}.
 *
 * <p>Rule: when every file of an identity ends its name with a number ({@code
 * Aaron_Eckhart_0001.jpg} in LFW, {@code 7.pgm} in ORL, {@code 0003.png} from {@code synth}) and
 * those numbers are distinct, n is that number, so LFW's own pairs.txt resolves against LFW's own
 * layout. Otherwise n is the 1-based position of the file among the identity's faces in natural
 * order (digits compared as numbers, so {@code 2.png} comes before {@code 10.png}).
 */
public final class ImageNumbering {
  private static final Pattern TRAILING_NUMBER = Pattern.compile("(\\d+)\\.[^./]+$");

  private ImageNumbering() {}

  /** Image numbers for the relative paths of one identity, keyed by path. */
  public static Map<String, Integer> number(List<String> relativePaths) {
    List<String> sorted = new ArrayList<>(relativePaths);
    sorted.sort(NATURAL);
    Map<String, Integer> byNumber = new LinkedHashMap<>();
    Set<Integer> seen = new HashSet<>();
    boolean allNumbered = true;
    for (String p : sorted) {
      Matcher m = TRAILING_NUMBER.matcher(p);
      if (!m.find() || m.group(1).length() > 9 || !seen.add(Integer.parseInt(m.group(1)))) {
        allNumbered = false;
        break;
      }
      byNumber.put(p, Integer.parseInt(m.group(1)));
    }
    if (allNumbered) {
      return byNumber;
    }
    Map<String, Integer> byPosition = new LinkedHashMap<>();
    for (int i = 0; i < sorted.size(); i++) {
      byPosition.put(sorted.get(i), i + 1);
    }
    return byPosition;
  }

  /** Natural order: runs of digits compare by value, everything else character by character. */
  public static final Comparator<String> NATURAL =
      (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
          char ca = a.charAt(i);
          char cb = b.charAt(j);
          if (Character.isDigit(ca) && Character.isDigit(cb)) {
            int si = i;
            int sj = j;
            while (i < a.length() && Character.isDigit(a.charAt(i))) {
              i++;
            }
            while (j < b.length() && Character.isDigit(b.charAt(j))) {
              j++;
            }
            String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
            String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
            int c =
                na.length() != nb.length()
                    ? Integer.compare(na.length(), nb.length())
                    : na.compareTo(nb);
            if (c != 0) {
              return c;
            }
          } else {
            if (ca != cb) {
              return Character.compare(ca, cb);
            }
            i++;
            j++;
          }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
      };
}
