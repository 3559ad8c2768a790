package ai.molecule.backend.claude;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a line into words the way a POSIX shell does, with quotes and backslashes, and does
 * nothing else a shell does (no variables, globs or commands): the words are passed as they are.
 */
final class ShellWords {

  private ShellWords() {}

  /**
   * The words of {@code line}.
   *
   * @throws IllegalArgumentException when a quote is not closed or the line ends in a backslash
   */
  static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i++);
      if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        continue;
      }
      inWord = true;
      if (c == '\'') {
        int end = line.indexOf('\'', i);
        if (end < 0) {
          throw new IllegalArgumentException("a single quote is not closed");
        }
        word.append(line, i, end);
        i = end + 1;
      } else if (c == '"') {
        i = doubleQuoted(line, i, word);
      } else if (c == '\\') {
        if (i >= line.length()) {
          throw new IllegalArgumentException("it ends in a backslash");
        }
        char next = line.charAt(i++);
        if (next != '\n') { // backslash-newline joins lines
          word.append(next);
        }
      } else {
        word.append(c);
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /** Appends the inside of a double-quoted string starting at {@code i}; returns the index past it. */
  private static int doubleQuoted(String line, int i, StringBuilder word) {
    while (i < line.length()) {
      char c = line.charAt(i++);
      if (c == '"') {
        return i;
      }
      if (c == '\\' && i < line.length() && "\\\"$`\n".indexOf(line.charAt(i)) >= 0) {
        char next = line.charAt(i++);
        if (next != '\n') {
          word.append(next);
        }
      } else {
        word.append(c);
      }
    }
    throw new IllegalArgumentException("a double quote is not closed");
  }
}
