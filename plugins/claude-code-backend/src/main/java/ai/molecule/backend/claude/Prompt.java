package ai.molecule.backend.claude;

import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Part;
import java.util.ArrayList;
import java.util.List;

/**
 * The prompt Claude gets for a message: its text, and a line for each file or data part. A file the
 * host has fetched is named by its local path, which Claude may read (the data directory is one of
 * its directories).
 */
final class Prompt {

  private Prompt() {}

  static String of(InboundMessage message) {
    List<String> pieces = new ArrayList<>();
    for (Part part : message.parts()) {
      if (part instanceof Part.Text text) {
        pieces.add(text.text());
      } else if (part instanceof Part.File file) {
        pieces.add("Attached file: " + (file.name().isEmpty() ? "(no name)" : file.name())
            + (file.mimeType() == null ? "" : " (" + file.mimeType() + ")")
            + (file.size() < 0 ? "" : ", " + file.size() + " bytes") + ", at "
            + file.localPath().map(Object::toString).orElse(file.uri()));
      } else if (part instanceof Part.Data data) {
        pieces.add("Attached data: " + data.json());
      }
    }
    return String.join("\n\n", pieces);
  }
}
