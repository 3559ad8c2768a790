package ai.molecule.wire;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MarksTest {

  @Test
  void anErrorReplysTextBeginsWithItsMark() {
    assertTrue(Marks.isErrorText("error: the backend timed out"));
    assertFalse(Marks.isErrorText("an error happened"));
    assertFalse(Marks.isErrorText(null));
  }
}
