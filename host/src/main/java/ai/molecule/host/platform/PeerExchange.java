package ai.molecule.host.platform;

import ai.molecule.host.platform.PlatformAnswers.Answered;
import ai.molecule.host.platform.PlatformAnswers.PeerAnswer;
import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Part;
import ai.molecule.wire.A2aMessage;
import ai.molecule.wire.Answers;
import ai.molecule.wire.JsonRpc;
import ai.molecule.wire.Marks;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * One question from this workspace to another, and its answer: what {@code molecule send} does
 * against a real platform. A push-mode peer answers in the response body; a poll-mode one (another
 * bridge) later, as a new message in our own feed, found by {@code in_reply_to} the question, then
 * by its task or context id, then (a heuristic, labelled so) as the first message from that peer
 * after the question.
 */
public final class PeerExchange {

  private static final Duration POLL = Duration.ofMillis(500);
  private static final int PAGE_BYTES = 32 * 1024 * 1024;

  /** What came back. */
  public sealed interface Outcome permits Answer, NoAnswer {}

  /**
   * An answer.
   *
   * @param text its text
   * @param error whether it is an error (a JSON-RPC error, or a reply marked as one)
   * @param how how it was matched to the question
   */
  public record Answer(String text, boolean error, String how) implements Outcome {}

  /** The question was taken (queued), and no answer came in time. */
  public record NoAnswer(String queued) implements Outcome {}

  private final PlatformClient client;
  private final InboundParser parser;

  public PeerExchange(PlatformClient client) {
    this.client = client;
    this.parser = new InboundParser(client.config().workspaceId());
  }

  /**
   * Sends {@code text} to {@code target} and waits for its answer.
   *
   * @throws PlatformException when the platform refused the question (or the token)
   */
  public Outcome ask(String target, String text, Duration timeout) throws PlatformException, InterruptedException {
    // The newest row now: the answer comes after it. No row yet: read the recent rows instead.
    List<ActivityRow> newest = client.activity(new ActivityQuery(null, 0, 1), PAGE_BYTES, PAGE_BYTES).rows();
    String cursor = newest.isEmpty() ? null : newest.get(0).id();
    String messageId = UUID.randomUUID().toString();
    String contextId = UUID.randomUUID().toString();
    PeerAnswer answer;
    try {
      answer = client.sendToAgent(target, question(messageId, contextId, text));
    } catch (PlatformException e) {
      if (e.code().filter("jsonrpc_error"::equals).isPresent()) {
        return new Answer(e.getMessage(), true, "the peer's answer");
      }
      throw e;
    }
    if (answer instanceof Answered answered) {
      return new Answer(Answers.text(answered.result()), isError(Json.object(answered.result(), "metadata")),
          "the peer's answer");
    }
    String queued = ((PlatformAnswers.Queued) answer).how();
    long deadline = System.nanoTime() + timeout.toNanos();
    long windowSeconds = Math.max(60, timeout.toSeconds() + 60);
    Answer guess = null;
    while (System.nanoTime() < deadline) {
      List<ActivityRow> rows;
      try {
        rows = client.activity(new ActivityQuery(cursor, windowSeconds, 100), PAGE_BYTES, PAGE_BYTES).rows();
      } catch (PlatformException e) {
        if (e.kind() != PlatformException.Kind.TRANSIENT) {
          throw e;
        }
        rows = List.of(); // a busy moment of the platform's: try again with the next poll
      }
      for (ActivityRow row : rows) {
        ParsedMessage parsed = parser.parse(row);
        if (cursor != null) {
          cursor = row.id();
        }
        if (!parsed.isMessage()) {
          continue;
        }
        InboundMessage message = parsed.message();
        boolean error = isError(Json.object(JsonRpc.messageOf(Json.objectOrNull(message.rawJson())), "metadata"));
        if (messageId.equals(parsed.inReplyTo())) {
          return new Answer(message.text(), error, Marks.IN_REPLY_TO);
        }
        if (contextId.equals(message.contextId())) {
          return new Answer(message.text(), error, "its context id");
        }
        if (guess == null && target.equals(message.callerId())) {
          guess = new Answer(message.text(), error, "the first message from that workspace after the question"
              + " (a guess: it carried no reply marker)");
        }
      }
      if (guess != null) {
        return guess;
      }
      Thread.sleep(POLL.toMillis());
    }
    return new NoAnswer(queued);
  }

  private static boolean isError(JsonObject metadata) {
    return metadata != null && metadata.has(Marks.ERROR);
  }

  private static JsonObject question(String messageId, String contextId, String text) {
    return JsonRpc.messageSend(messageId, A2aMessage.of(A2aMessage.USER, messageId, contextId, List.of(new Part.Text(text))));
  }
}
