package ai.molecule.host.platform;

import ai.molecule.spi.InboundMessage;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One question from this workspace to another, and its answer: a new A2A message/send to the
 * target, then this workspace's own feed, read until a message marked {@code in_reply_to} the
 * question arrives. What {@code molecule send} does against a real platform.
 */
public final class PeerExchange {

  private static final Duration POLL = Duration.ofMillis(500);

  private final PlatformClient client;
  private final InboundParser parser;

  public PeerExchange(PlatformClient client) {
    this.client = client;
    this.parser = new InboundParser(client.config().workspaceId());
  }

  /**
   * Sends {@code text} to {@code target} and waits for its answer.
   *
   * @return the answer, or empty when none came within {@code timeout}
   */
  public Optional<InboundMessage> ask(String target, String text, Duration timeout)
      throws PlatformException, InterruptedException {
    // The newest row now: the answer comes after it. No row yet: read the recent rows instead.
    List<ActivityRow> newest = client.activity(new ActivityQuery(null, 0, 1), 1024 * 1024);
    String cursor = newest.isEmpty() ? null : newest.get(0).id();
    String messageId = UUID.randomUUID().toString();
    client.sendToAgent(target, question(messageId, text));
    long deadline = System.nanoTime() + timeout.toNanos();
    long windowSeconds = Math.max(60, timeout.toSeconds() + 60);
    while (System.nanoTime() < deadline) {
      List<ActivityRow> rows;
      try {
        rows = client.activity(new ActivityQuery(cursor, windowSeconds, 100), 32L * 1024 * 1024);
      } catch (PlatformException e) {
        if (!e.kind().equals(PlatformException.Kind.TRANSIENT)) {
          throw e;
        }
        rows = List.of(); // a busy moment of the platform's: try again with the next poll
      }
      for (ActivityRow row : rows) {
        ParsedMessage parsed = parser.parse(row);
        if (parsed.isMessage() && messageId.equals(parsed.inReplyTo())) {
          return Optional.of(parsed.message());
        }
        if (cursor != null) {
          cursor = row.id();
        }
      }
      Thread.sleep(POLL.toMillis());
    }
    return Optional.empty();
  }

  private static JsonObject question(String messageId, String text) {
    JsonObject part = new JsonObject();
    part.addProperty("kind", "text");
    part.addProperty("text", text);
    JsonArray parts = new JsonArray();
    parts.add(part);
    JsonObject message = new JsonObject();
    message.addProperty("role", "user");
    message.addProperty("messageId", messageId);
    message.addProperty("contextId", UUID.randomUUID().toString());
    message.add("parts", parts);
    return ReplyFormat.messageSend(message);
  }
}
