package ai.molecule.sandbox;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.Map;

/**
 * One attempt of the sandbox to deliver a message to a push workspace's URL, as the platform
 * makes it: what it sent and what became of it.
 *
 * @param seq its place among all dispatch attempts, from 1
 * @param workspaceId the push workspace
 * @param url the URL it was sent to (the registered one, nothing appended)
 * @param attempt 1 for the first delivery, 2 and on for re-deliveries from the queue
 * @param body the JSON-RPC request sent (the normalised envelope)
 * @param headers the request headers sent, {@code Host}, {@code Content-Length} and
 *     {@code Connection} aside
 * @param outcome what became of it; {@link Outcome#IN_FLIGHT} while the call is open
 * @param status the agent's HTTP status, 0 when it gave none
 * @param answer the agent's answer body as text, or {@code null}
 * @param startedAt when it started, on the sandbox's clock
 * @param endedAt when it ended, or {@code null} while in flight
 */
public record PushDispatch(
    long seq, String workspaceId, String url, int attempt, JsonObject body, Map<String, String> headers,
    Outcome outcome, int status, String answer, Instant startedAt, Instant endedAt) {

  /** What became of a dispatch attempt. */
  public enum Outcome {
    /** The call is open. */
    IN_FLIGHT,
    /** A 2xx with a body (a JSON-RPC result or error). */
    ANSWERED,
    /** A non-2xx status (a 3xx included: redirects are not followed). */
    ERROR_STATUS,
    /** A 2xx with an empty body: a failure. */
    EMPTY_ANSWER,
    /** No answer within the platform's 30 minutes (or a timeout injected by the faults). */
    TIMED_OUT,
    /** The connection closed or reset before the answer. */
    DROPPED,
    /** Connection refused, DNS or TLS failure: never reached. */
    REFUSED,
    /** Not attempted: the URL is not one the platform may call ({@code localhost} outside dev mode). */
    NOT_ROUTABLE,
    /** The answer was larger than the 64 MiB the platform reads. */
    TOO_LARGE;

    /** Whether the platform queues the same body for re-delivery after this outcome. */
    public boolean requeues() {
      return this == TIMED_OUT || this == DROPPED;
    }
  }

  public PushDispatch {
    headers = Map.copyOf(headers);
    body = body.deepCopy();
  }

  /** The request header {@code name} as sent (case-insensitive), or {@code null}. */
  public String header(String name) {
    return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
        .findFirst().orElse(null);
  }

  /** {@code params.message.messageId} of the body. */
  public String messageId() {
    return Json.string(A2aRequests.messageOf(body), "messageId");
  }

  PushDispatch ended(Outcome newOutcome, int newStatus, String newAnswer, Instant at) {
    return new PushDispatch(seq, workspaceId, url, attempt, body, headers, newOutcome, newStatus, newAnswer, startedAt,
        at);
  }
}
