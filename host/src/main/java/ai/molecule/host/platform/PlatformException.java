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

  public PlatformException(Kind kind, int status, String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
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
