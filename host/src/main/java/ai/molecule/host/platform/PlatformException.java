package ai.molecule.host.platform;

import java.time.Duration;
import java.util.Optional;

/** A platform request failed; {@link #kind()} says what the caller should do about it. */
public final class PlatformException extends Exception {

  private static final long serialVersionUID = 1L;

  /** How a failure is handled, per platform-api.md. */
  public enum Kind {
    /** 401/403: the token is wrong or revoked, or the workspace was removed. The operator must act. */
    AUTH,
    /** Network error, timeout, 429, 5xx: try again later. */
    TRANSIENT,
    /** 410 on the activity cursor: reset it. */
    GONE,
    /** 404: the thing addressed does not exist (or a hosted platform lacks the org header). */
    NOT_FOUND,
    /** Any other 4xx: our request was wrong; sending it again will not help. */
    PERMANENT,
    /** An activity page larger than this host reads into memory. */
    TOO_LARGE
  }

  private final Kind kind;
  private final int status;
  private final Duration retryAfter;
  private final boolean mayHaveArrived;
  private final String code;

  public PlatformException(Kind kind, int status, String message, Duration retryAfter, Throwable cause) {
    this(kind, status, message, retryAfter, cause, status != 0, null);
  }

  /**
   * @param mayHaveArrived whether the platform may have received the request (a status came back,
   *     or the connection broke after it was sent); {@code false} only when it certainly did not
   * @param code the error code or error string of the platform's answer, or {@code null}
   */
  public PlatformException(Kind kind, int status, String message, Duration retryAfter, Throwable cause,
      boolean mayHaveArrived, String code) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
    this.mayHaveArrived = mayHaveArrived;
    this.code = code;
  }

  /**
   * Whether the request may have reached the platform. A reply that may have arrived is never sent
   * again: the platform re-delivers it itself, and a resend would make the peer run its turn twice.
   */
  public boolean mayHaveArrived() {
    return mayHaveArrived;
  }

  /** The platform's error code ({@code code}, else {@code error}) from its answer, if it gave one. */
  public Optional<String> code() {
    return Optional.ofNullable(code);
  }

  /**
   * Whether sending the same request again is certainly safe and may succeed: a transient failure
   * of a request the platform never received, or one it refused for now (429, 502, 503).
   */
  public boolean safeToResend() {
    return kind == Kind.TRANSIENT && (!mayHaveArrived || status == 429 || status == 502 || status == 503);
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, or 0 when no response arrived. */
  public int status() {
    return status;
  }

  /** How long the platform asked us to wait (Retry-After), if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
