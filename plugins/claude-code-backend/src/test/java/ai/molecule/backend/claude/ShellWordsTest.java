package ai.molecule.backend.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellWordsTest {

  @Test
  void splitsOnWhitespaceOutsideQuotes() {
    assertEquals(List.of("--add-dir", "/a", "--verbose"), ShellWords.split("  --add-dir\t/a \n --verbose "));
    assertEquals(List.of(), ShellWords.split("   "));
  }

  @Test
  void quotesAndBackslashesWorkAsInAShell() {
    assertEquals(List.of("a b", "c d", "e f", "g'h", "i\"j", "$HOME", "k\\l", ""),
        ShellWords.split("'a b' \"c d\" e\\ f \"g'h\" 'i\"j' '$HOME' \"k\\l\" ''"));
    assertEquals(List.of("one-word"), ShellWords.split("one-'wo'\"rd\""));
    assertEquals(List.of("joined"), ShellWords.split("join\\\ned"));
    assertEquals(List.of("x\"y", "a\\b"), ShellWords.split("\"x\\\"y\" \"a\\\\b\""));
  }

  @Test
  void refusesWhatAShellWouldNotFinish() {
    assertEquals("a single quote is not closed",
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("'open")).getMessage());
    assertEquals("a double quote is not closed",
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("\"open")).getMessage());
    assertEquals("it ends in a backslash",
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("end\\")).getMessage());
  }
}
