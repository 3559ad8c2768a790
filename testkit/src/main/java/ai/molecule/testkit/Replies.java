package ai.molecule.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.spi.Part;
import ai.molecule.spi.Reply;
import java.util.stream.Collectors;

/** Assertions on a backend's {@link Reply}, with messages that show the whole reply. */
public final class Replies {

  private Replies() {}

  /**
   * The text of the reply's text parts, joined by blank lines (as {@code InboundMessage.text()}
   * joins a message's).
   *
   * @param reply the reply
   * @return its text, empty when it has no text part
   */
  public static String textOf(Reply reply) {
    return reply.parts().stream().filter(Part.Text.class::isInstance)
        .map(p -> ((Part.Text) p).text()).collect(Collectors.joining("\n\n"));
  }

  /**
   * Asserts that the reply's text is exactly this.
   *
   * @param expected the text
   * @param reply the reply
   */
  public static void assertText(String expected, Reply reply) {
    assertEquals(expected, textOf(reply), () -> "reply " + reply);
  }

  /**
   * Asserts that the reply's text contains this.
   *
   * @param part what it must contain
   * @param reply the reply
   */
  public static void assertTextContains(String part, Reply reply) {
    assertTrue(textOf(reply).contains(part), () -> "expected '" + part + "' in reply " + reply);
  }

  /**
   * Asserts that the reply carries this metadata entry.
   *
   * @param key the entry's key
   * @param expected its value
   * @param reply the reply
   */
  public static void assertMetadata(String key, String expected, Reply reply) {
    assertEquals(expected, reply.metadata().get(key), () -> "metadata " + key + " of reply " + reply);
  }
}
