package ai.molecule.host.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "Did you mean ...?": the known word nearest a mistyped one, if it is near enough to be the intent. */
final class Suggestions {

  private Suggestions() {}

  /** The candidate fewest edits away, when that is at most a third of the word (and at least one edit). */
  static Optional<String> closest(String typed, Collection<String> candidates) {
    int allowed = Math.max(1, typed.length() / 3);
    return candidates.stream()
        .filter(candidate -> distance(typed, candidate) <= allowed)
        .min(Comparator.comparingInt((String candidate) -> distance(typed, candidate)).thenComparing(c -> c));
  }

  /** Edits (insert, delete, replace, swap two neighbours) from one word to the other. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
