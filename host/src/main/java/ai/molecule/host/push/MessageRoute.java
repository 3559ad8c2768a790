package ai.molecule.host.push;

import ai.molecule.host.engine.FileStore;
import ai.molecule.host.engine.TurnOutcome;
import ai.molecule.host.engine.TurnService;
import ai.molecule.host.platform.ActivityRow;
import ai.molecule.host.platform.InboundParser;
import ai.molecule.host.platform.ParsedMessage;
import ai.molecule.host.platform.ReplyFormat;
import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Part;
import ai.molecule.spi.Reply;
import ai.molecule.wire.Answers;
import ai.molecule.wire.JsonRpc;
import ai.molecule.wire.Marks;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.tinylog.Logger;

/**
 * A pushed {@code message/send} (platform-api.md, "Push mode"): the answer is the HTTP response,
 * synchronous, never {@code queued}. The turn runs in its conversation's lane ({@link TurnService});
 * a re-delivered call gets the same answer ({@link AnswerCache}); a backend failure is a JSON-RPC
 * error; a turn cut short by the stop gets no answer at all (the connection is closed, and the
 * platform delivers it again). System turns are answered at once with a short note.
 */
final class MessageRoute implements PushServer.Route {

  private final TurnService service;
  private final FileStore files;
  private final InboundParser parser;
  private final PushSettings settings;
  private final Duration maxWait;
  private final AnswerCache<JsonObject> answers;

  /** @param maxWait the longest a call waits for its turn (the backend's own turn limit, and a margin) */
  MessageRoute(String workspaceId, TurnService service, PushSettings settings, Duration maxWait, Clock clock) {
    this.service = service;
    this.files = service.files();
    this.parser = new InboundParser(workspaceId);
    this.settings = settings;
    this.maxWait = maxWait;
    this.answers = new AnswerCache<>(clock, settings.answerKeep(), settings.answerEntries(), settings.answerBytes(),
        payload -> 2L * payload.toString().length());
  }

  @Override
  public HttpAnswer serve(Call call) throws IOException {
    if (!call.head().method().equals("POST")) {
      Logger.warn("refused a call from {}: {} on the message URL (only POST)", call.remote(), call.head().method());
      return HttpAnswer.error(405, "only POST is served here").header("Allow", "POST").closing();
    }
    JsonObject request;
    try (InputStream body = call.body(settings.maxBodyBytes(), settings.bodyTimeout())) {
      JsonElement parsed = JsonParser.parseString(new String(body.readAllBytes(), StandardCharsets.UTF_8));
      if (!parsed.isJsonObject()) {
        return rpcError(call, null, JsonRpc.INVALID_REQUEST, "the request is not a JSON-RPC object");
      }
      request = parsed.getAsJsonObject();
    } catch (JsonParseException e) {
      return rpcError(call, null, JsonRpc.PARSE_ERROR, "the request is not JSON");
    }
    JsonElement id = JsonRpc.idOf(request);
    String method = JsonRpc.methodOf(request);
    if (!JsonRpc.MESSAGE_SEND.equals(method)) {
      return rpcError(call, id, JsonRpc.METHOD_NOT_FOUND, "method not found: " + method + " (only message/send)");
    }
    ParsedMessage parsed = parser.parse(new ActivityRow("push:" + UUID.randomUUID(), null, method,
        java.time.Instant.now(), request, null));
    if (parsed.kind() != ParsedMessage.Kind.MESSAGE && parsed.kind() != ParsedMessage.Kind.SYSTEM) {
      return rpcError(call, id, JsonRpc.INVALID_PARAMS, parsed.problem() == null ? "no message to handle"
          : parsed.problem());
    }
    InboundMessage message = parsed.message();
    JsonObject answer = parsed.kind() == ParsedMessage.Kind.SYSTEM ? system(parsed) : turn(parsed);
    if (answer == null) {
      return HttpAnswer.drop();
    }
    JsonObject response = answer.deepCopy(); // the cached answer is shared by re-deliveries: each has its own id
    response.add("id", id);
    Logger.debug("answered message {} in conversation {}", message.messageId(), message.conversationId());
    return HttpAnswer.json(200, response);
  }

  /** The platform's own turns: answered at once (a failure would make its queue retry), never by the backend's words. */
  private JsonObject system(ParsedMessage parsed) {
    InboundMessage message = parsed.message();
    if (parsed.isLivenessCheck()) {
      service.livenessCheck();
      return note(message, "alive");
    }
    JsonObject noted = note(message, "noted");
    if (!service.acceptsSystemTurns()) {
      Logger.info("system turn {} ({}) from the platform: logged, not passed on", message.messageId(),
          parsed.systemType());
      return noted;
    }
    return await(message, answers.answer(message.messageId(), () -> service.submit("system", message)
        .thenApply(outcome -> outcome instanceof TurnOutcome.Nothing ? null : noted)));
  }

  private JsonObject turn(ParsedMessage parsed) {
    InboundMessage message = parsed.message();
    List<Part> parts = new ArrayList<>(message.parts().size());
    message.parts().forEach(part -> parts.add(files.local(part)));
    InboundMessage local = InboundParser.withParts(message, parts);
    boolean[] first = {false};
    CompletableFuture<JsonObject> answer = answers.answer(message.messageId(), () -> {
      first[0] = true;
      return service.submitMessage(local, !parsed.isReply()).thenApply(outcome -> payload(parsed, outcome));
    });
    if (!first[0]) {
      Logger.info("message {} was delivered again {}: it gets the same answer, and the backend does not run again",
          message.messageId(), answer.isDone() ? "after its turn" : "while its turn runs");
    }
    return await(message, answer);
  }

  /**
   * The answer to a turn's outcome, with no request id yet (the observer logs and counts the turn:
   * see TurnService.submitMessage); {@code null} when it has none (the stop cut it short).
   */
  private JsonObject payload(ParsedMessage parsed, TurnOutcome outcome) {
    InboundMessage message = parsed.message();
    if (outcome instanceof TurnOutcome.Answer answer) {
      if (parsed.isReply()) {
        // The loop guard: a reply to us is handled, not answered; an answer with no parts is one
        // no bridge hands its backend.
        Logger.debug("message {} is a reply to {}: not answered (loop guard)", message.messageId(), parsed.inReplyTo());
        JsonObject unanswered = Answers.message(answerId(message), message.contextId(), List.of(), null);
        unanswered.add("parts", new JsonArray());
        return JsonRpc.result(null, unanswered);
      }
      return result(message, ReplyFormat.pushParts(withWorkspaceFiles(answer.reply())));
    }
    if (outcome instanceof TurnOutcome.Failure failure) {
      return backendFailed(failure.forSender());
    }
    return null;
  }

  /** A reply's local files as the platform reads them ({@code workspace:} URIs under our file routes). */
  private Reply withWorkspaceFiles(Reply reply) {
    List<Part> parts = new ArrayList<>(reply.parts().size());
    for (Part part : reply.parts()) {
      if (part instanceof Part.File file && file.localPath().isPresent()) {
        parts.add(files.asWorkspaceFile(file).<Part>map(p -> p).orElseGet(() -> {
          Logger.warn("a reply names the local file {}, which is outside the backend's data directory: not sent",
              file.uri());
          return Part.text("[file not sent: " + file.name() + "]");
        }));
      } else {
        parts.add(part);
      }
    }
    return new Reply(parts, reply.metadata());
  }

  /** Waits for the turn; {@code null} (no answer: the call is dropped, and delivered again) when it never came. */
  private JsonObject await(InboundMessage message, CompletableFuture<JsonObject> answer) {
    try {
      return answer.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      Logger.warn("message {} is still running after {} s; its call is closed unanswered", message.messageId(),
          maxWait.toSeconds());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException e) {
      Logger.error(e.getCause(), "message {} could not be handled", message.messageId());
      return backendFailed(TurnOutcome.Failure.GENERIC);
    }
  }

  /** The answer's message id: derived from the inbound one, so a re-delivered call gets the same answer. */
  private static String answerId(InboundMessage message) {
    return ReplyFormat.replyId(message.messageId(), ReplyFormat.Kind.ANSWER);
  }

  private static JsonObject result(InboundMessage message, List<Part> parts) {
    return JsonRpc.result(null, Answers.message(answerId(message), message.contextId(), parts, null));
  }

  /** A short text for a call that is not the backend's (a liveness check, a system turn). */
  private static JsonObject note(InboundMessage message, String text) {
    return result(message, List.of(Part.text(text)));
  }

  /** A backend's failure: a JSON-RPC server error that also carries the error marker. */
  private static JsonObject backendFailed(String reason) {
    JsonObject data = new JsonObject();
    data.addProperty(Marks.ERROR, reason);
    return JsonRpc.error(null, JsonRpc.SERVER_ERROR, reason, data);
  }

  private static HttpAnswer rpcError(Call call, JsonElement id, int code, String message) {
    Logger.warn("refused a call from {}: {}", call.remote(), message);
    return HttpAnswer.json(200, JsonRpc.error(id, code, message));
  }
}
