package ai.molecule.sandbox;

import ai.molecule.spi.Part;
import ai.molecule.wire.Answers;
import ai.molecule.wire.JsonRpc;
import com.google.gson.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The workspaces the sandbox answers for as push-mode agents, and how: each has a list of
 * answers, used in order, the last one repeating. Thread-safe.
 */
final class PushTargets {

  private final Map<String, Deque<PushAnswer>> answers = new HashMap<>();

  /** From now on {@code workspaceId} answers with {@code next} in turn (the last one repeats). */
  synchronized void simulate(String workspaceId, List<PushAnswer> next) {
    if (next.isEmpty()) {
      throw new IllegalArgumentException("a push target needs at least one answer");
    }
    answers.put(workspaceId, new ArrayDeque<>(next));
  }

  /** Back to a poll-mode target. */
  synchronized void stop(String workspaceId) {
    answers.remove(workspaceId);
  }

  synchronized boolean isPush(String workspaceId) {
    return answers.containsKey(workspaceId);
  }

  /** The answer for the next call to {@code workspaceId}; empty for a poll target. */
  synchronized Optional<PushAnswer> next(String workspaceId) {
    Deque<PushAnswer> queue = answers.get(workspaceId);
    if (queue == null) {
      return Optional.empty();
    }
    return Optional.of(queue.size() > 1 ? queue.removeFirst() : queue.peekFirst());
  }

  /** The HTTP answer the caller gets for an answer that carries no JSON-RPC response. */
  static Response respond(PushAnswer answer) {
    return switch (answer.kind()) {
      case RESULT, JSONRPC_ERROR -> throw new IllegalArgumentException("a JSON-RPC answer is built with jsonRpc");
      case EMPTY_BODY -> Response.ok(Json.of("error", "agent returned empty response body"));
      case QUEUED -> {
        JsonObject queued = new JsonObject();
        queued.addProperty("queued", true);
        queued.addProperty("queue_id", UUID.randomUUID().toString());
        queued.addProperty("queue_depth", 1);
        yield Response.json(202, queued);
      }
      case UNAVAILABLE -> Response.error(answer.status(),
              answer.status() == 502 ? "failed to reach workspace agent" : "workspace agent busy")
          .withHeader("Retry-After", Integer.toString(answer.retryAfterSeconds()));
      case DROP -> Response.hangUp();
    };
  }

  /** The peer's JSON-RPC response: a {@code result} message or an {@code error}. */
  static JsonObject jsonRpc(PushAnswer answer, JsonObject request) {
    if (answer.kind() == PushAnswer.Kind.JSONRPC_ERROR) {
      return JsonRpc.error(JsonRpc.idOf(request), answer.code(), answer.message());
    }
    String contextId = Json.string(A2aRequests.messageOf(request), "contextId");
    return JsonRpc.result(JsonRpc.idOf(request), Answers.message(UUID.randomUUID().toString(), contextId,
        List.of(new Part.Text(answer.text())), null));
  }
}
