package ai.molecule.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * How a workspace the sandbox simulates in push mode answers an {@code /a2a} call: after holding
 * the call for {@link #hold()}, the peer's JSON-RPC answer passed through in the body, or one of
 * the platform's other outcomes. Build with the factories and {@link #after(Duration)}.
 *
 * @param kind what the caller gets
 * @param text the answer text of a {@link Kind#RESULT}
 * @param code the JSON-RPC error code of a {@link Kind#JSONRPC_ERROR}
 * @param message the JSON-RPC error message of a {@link Kind#JSONRPC_ERROR}
 * @param status the HTTP status of an {@link Kind#UNAVAILABLE} (502 or 503)
 * @param retryAfterSeconds its {@code Retry-After}
 * @param hold how long the call is held before the answer
 */
public record PushAnswer(
    Kind kind, String text, int code, String message, int status, int retryAfterSeconds, Duration hold) {

  /** The outcomes of a call to a push-mode target. */
  public enum Kind {
    /** 200 with {@code {"jsonrpc":"2.0","id":…,"result":{"kind":"message",…}}}. */
    RESULT,
    /** 200 with {@code {"jsonrpc":"2.0","id":…,"error":{"code":…,"message":…}}}. */
    JSONRPC_ERROR,
    /** 200 with {@code {"error":"agent returned empty response body"}}. */
    EMPTY_BODY,
    /** 202 {@code {"queued":true,"queue_id":…,"queue_depth":1}}: busy, starting or timed out. */
    QUEUED,
    /** 502 or 503 with {@code Retry-After}. */
    UNAVAILABLE,
    /** The connection is closed without an answer, as an edge proxy does after its timeout. */
    DROP
  }

  public PushAnswer {
    Objects.requireNonNull(kind, "kind");
    hold = hold == null || hold.isNegative() ? Duration.ZERO : hold;
  }

  public static PushAnswer result(String text) {
    return new PushAnswer(Kind.RESULT, Objects.requireNonNull(text, "text"), 0, null, 200, 0, Duration.ZERO);
  }

  public static PushAnswer jsonRpcError(int code, String message) {
    return new PushAnswer(Kind.JSONRPC_ERROR, null, code, message, 200, 0, Duration.ZERO);
  }

  public static PushAnswer emptyBody() {
    return new PushAnswer(Kind.EMPTY_BODY, null, 0, null, 200, 0, Duration.ZERO);
  }

  public static PushAnswer queued() {
    return new PushAnswer(Kind.QUEUED, null, 0, null, 202, 0, Duration.ZERO);
  }

  /** 502 {@code failed to reach workspace agent} or 503 (busy), with {@code Retry-After}. */
  public static PushAnswer unavailable(int status, int retryAfterSeconds) {
    if (status != 502 && status != 503) {
      throw new IllegalArgumentException("an unavailable push target answers 502 or 503, not " + status);
    }
    return new PushAnswer(Kind.UNAVAILABLE, null, 0, null, status, Math.max(1, retryAfterSeconds), Duration.ZERO);
  }

  public static PushAnswer drop() {
    return new PushAnswer(Kind.DROP, null, 0, null, 0, 0, Duration.ZERO);
  }

  /** The same answer, given after holding the call for {@code duration}. */
  public PushAnswer after(Duration duration) {
    return new PushAnswer(kind, text, code, message, status, retryAfterSeconds, duration);
  }
}
