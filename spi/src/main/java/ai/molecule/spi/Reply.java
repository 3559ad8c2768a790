package ai.molecule.spi;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A backend's answer to one message.
 *
 * @param parts what to send back, in order; at least one part
 * @param metadata facts about the turn worth logging (a session id, a cost, a duration), as text;
 *     the host logs them at debug level and does not send them. A {@code cost_usd} entry, when
 *     numeric, is added to the spend the workspace reports (a 1.1 backend reports {@link
 *     Turn#reportCost(Cost)} instead).
 * @since 1.0
 */
public record Reply(List<Part> parts, Map<String, String> metadata) {

  /**
   * Checks and copies the values.
   *
   * @param parts the parts, at least one
   * @param metadata the metadata; {@code null} means none
   * @throws IllegalArgumentException when there is no part
   * @since 1.0
   */
  public Reply {
    parts = List.copyOf(parts);
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("a reply needs at least one part");
    }
    metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
  }

  /**
   * A reply of one text part.
   *
   * @param text the text
   * @return the reply
   * @since 1.0
   */
  public static Reply text(String text) {
    return new Reply(List.of(new Part.Text(Objects.requireNonNull(text, "text"))), Map.of());
  }

  /**
   * A reply of these parts.
   *
   * @param parts the parts, at least one
   * @return the reply
   * @since 1.0
   */
  public static Reply of(Part... parts) {
    return new Reply(List.of(parts), Map.of());
  }

  /**
   * This reply with one more metadata entry.
   *
   * @param key the entry's key
   * @param value its value
   * @return a new reply; this one is unchanged
   * @since 1.0
   */
  public Reply withMetadata(String key, String value) {
    Map<String, String> copy = new HashMap<>(metadata);
    copy.put(key, value);
    return new Reply(parts, copy);
  }
}
