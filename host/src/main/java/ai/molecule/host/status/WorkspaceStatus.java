package ai.molecule.host.status;

import ai.molecule.host.engine.WorkspaceObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One workspace as the operator's views see it at one moment.
 *
 * @param workspaceId the workspace
 * @param state its connection's state
 * @param reason why it is in that state, in the operator's words (never a token)
 * @param since when it entered that state
 * @param lastHeartbeat the last heartbeat the platform accepted, or {@code null} when none yet
 * @param lastPoll the last successful poll, or {@code null} when none yet
 * @param heartbeatLimit how old the last accepted heartbeat may be before the workspace counts as not heartbeating
 * @param restarts how often its engine was started again after a failure ({@code serve}; 0 for {@code connect})
 */
public record WorkspaceStatus(String workspaceId, WorkspaceObserver.State state, String reason, Instant since,
    Instant lastHeartbeat, Instant lastPoll, Duration heartbeatLimit, int restarts) {

  /**
   * Why the workspace is not ready at {@code now}, or empty when it is: registered and heartbeating.
   * A parked workspace is not ready, but fails readiness only when {@code strict} (decisions.md:
   * an operator's act is needed, restarting the process would not help).
   */
  public Optional<String> notReady(Instant now, boolean strict) {
    return switch (state) {
      case CONNECTED -> {
        if (lastHeartbeat == null) {
          yield Optional.of("no heartbeat accepted yet");
        }
        Duration age = Duration.between(lastHeartbeat, now);
        yield age.compareTo(heartbeatLimit) > 0
            ? Optional.of("no heartbeat accepted for " + age.toSeconds() + " s")
            : Optional.empty();
      }
      case PARKED -> strict ? Optional.of("parked: " + reason) : Optional.empty();
      default -> Optional.of(state.name().toLowerCase(java.util.Locale.ROOT) + ": " + reason);
    };
  }
}
