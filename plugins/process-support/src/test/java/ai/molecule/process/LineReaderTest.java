package ai.molecule.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

  private static List<String> lines(int maxLine, String... chunks) {
    LineReader reader = new LineReader(maxLine);
    List<String> lines = new ArrayList<>();
    for (String chunk : chunks) {
      byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
      reader.feed(bytes, bytes.length, lines::add);
    }
    reader.end(lines::add);
    return lines;
  }

  @Test
  void linesSplitAcrossChunksComeWholeAndACarriageReturnBeforeTheBreakIsDropped() {
    assertEquals(List.of("first", "sec\u00e9nd", "", "last"), lines(100, "fir", "st\r\nsec\u00e9", "nd\n\nla", "st"));
  }

  @Test
  void aLineLongerThanTheLimitArrivesCutAndTheNextOneWhole() {
    assertEquals(List.of("abcd", "ok"), lines(4, "abcdefgh", "ij\nok\n"));
  }
}
