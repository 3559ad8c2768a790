package ai.molecule.host.platform;

import com.google.gson.JsonObject;

/** What the platform answers, per endpoint, as far as the engine uses it. */
public final class PlatformAnswers {

  private PlatformAnswers() {}

  /**
   * Register's answer.
   *
   * @param inboundSecret the secret push-mode calls carry, or {@code null}
   * @param mintedToken a token the platform issued because the workspace had no live one: use it
   *     from now on; or {@code null}
   */
  public record Registered(String inboundSecret, Secret mintedToken) {}

  /**
   * A heartbeat's answer.
   *
   * @param generation the platform's bookkeeping generation, echoed as {@code observed_generation};
   *     {@code -1} when absent
   * @param inboundSecret the newest push-mode secret, or {@code null}
   */
  public record Beat(long generation, String inboundSecret) {}

  /** What became of a reply sent to a peer. */
  public sealed interface PeerAnswer permits Queued, Answered {}

  /** The platform took the reply: in the peer's feed (poll mode), or queued for a busy push peer. */
  public record Queued(String how) implements PeerAnswer {}

  /** A push-mode peer answered our reply synchronously; {@code result} is its JSON-RPC result. */
  public record Answered(JsonObject result) implements PeerAnswer {}
}
