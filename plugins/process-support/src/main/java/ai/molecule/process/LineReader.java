package ai.molecule.process;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into UTF-8 lines as chunks of it arrive. A line break is {@code \n}, with a
 * {@code \r} before it dropped. A line is held up to {@code maxLine} bytes; the rest of a longer
 * one is skipped, and the line is handed on cut at its end.
 */
final class LineReader {

  private final int maxLine;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private boolean cut;

  LineReader(int maxLine) {
    if (maxLine < 1) {
      throw new IllegalArgumentException("maxLine must be at least 1");
    }
    this.maxLine = maxLine;
  }

  /** Hands every line the chunk completes to {@code sink}. */
  void feed(byte[] chunk, int length, Consumer<String> sink) {
    int start = 0;
    for (int i = 0; i < length; i++) {
      if (chunk[i] == '\n') {
        hold(chunk, start, i - start);
        sink.accept(take());
        start = i + 1;
      }
    }
    hold(chunk, start, length - start);
  }

  /** Hands on the last line when the stream did not end with a line break. */
  void end(Consumer<String> sink) {
    if (line.size() > 0 || cut) {
      sink.accept(take());
    }
  }

  private void hold(byte[] chunk, int offset, int count) {
    int room = maxLine - line.size();
    if (count > room) {
      cut = true;
    }
    line.write(chunk, offset, Math.min(count, Math.max(0, room)));
  }

  private String take() {
    String text = line.toString(StandardCharsets.UTF_8);
    if (!cut && text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    line.reset();
    cut = false;
    return text;
  }
}
