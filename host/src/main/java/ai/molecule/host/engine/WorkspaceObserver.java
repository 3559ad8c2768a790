package ai.molecule.host.engine;

import java.time.Duration;
import java.util.List;

/**
 * What an engine tells the world about one workspace, as it happens: the one seam the operator's
 * views (log lines, metrics, the status endpoint, {@code serve}'s supervisor) are fed from, so each
 * of them is built on the same events and none of them reaches into the engine.
 *
 * <p>Calls come from the engine's own threads, possibly at the same time: implementations must be
 * thread-safe, quick, and must not throw. Every method has an empty default.
 */
public interface WorkspaceObserver {

  /** The workspace's connection, as an operator would say it. */
  enum State {
    /** Registering at start-up, or again after a refusal. */
    STARTING,
    /** Registered, heartbeating and reading messages. */
    CONNECTED,
    /** The platform did not answer (network, 5xx, 429): retrying. */
    UNREACHABLE,
    /** Parked: a refused token or a permanent refusal; nothing is retried until the operator acts. */
    PARKED,
    /** Stopped, by the operator or by a failure (see the reason). */
    STOPPED
  }

  /** Who sent a message, without saying who: for counting and logging, never the identity. */
  enum SenderKind { HUMAN, PEER, SYSTEM }

  /** How a message ended. */
  enum Outcome {
    /** The backend answered and the reply was delivered (or queued for delivery). */
    ANSWERED,
    /** The sender got an error reply: the backend failed, or the message could not be handled. */
    FAILED,
    /** Not answered by design: a system turn, a reply guarded against a loop, a repeat. */
    SKIPPED,
    /** Left unfinished by a stop: it is read again on the next run. */
    ABANDONED
  }

  /** One message, as the logs and the metrics see it: ids and kinds, never the text. */
  record MessageEvent(String workspaceId, String messageId, String conversationId, SenderKind sender) {}

  default void stateChanged(String workspaceId, State state, String reason) {}

  default void messageReceived(MessageEvent message) {}

  default void messageFinished(MessageEvent message, Outcome outcome, Duration took) {}

  /** A reply that could not be delivered for good (after its retries), or one failed attempt. */
  default void deliveryFailed(String workspaceId, String reason, boolean givenUp) {}

  /** A successful poll of the feed (poll mode) or call served (push mode); {@code inHand} messages held. */
  default void polled(String workspaceId, int inHand) {}

  /** A heartbeat the platform accepted. */
  default void heartbeatAccepted(String workspaceId) {}

  /** The cumulative spend of this month, whole cents, whenever it changes. */
  default void spend(String workspaceId, long cents) {}

  /**
   * The workspace's engine was started again after a failure ({@code serve}'s supervisor):
   * {@code restarts} times so far, by the supervisor's count.
   */
  default void restarted(String workspaceId, int restarts) {}

  /** No-op observer. */
  WorkspaceObserver NONE = new WorkspaceObserver() {};

  /** Several observers as one; a throwing observer is contained so that the others still hear. */
  static WorkspaceObserver all(List<WorkspaceObserver> observers) {
    List<WorkspaceObserver> copy = List.copyOf(observers);
    return new WorkspaceObserver() {
      @Override
      public void stateChanged(String workspaceId, State state, String reason) {
        copy.forEach(o -> safely(() -> o.stateChanged(workspaceId, state, reason)));
      }

      @Override
      public void messageReceived(MessageEvent message) {
        copy.forEach(o -> safely(() -> o.messageReceived(message)));
      }

      @Override
      public void messageFinished(MessageEvent message, Outcome outcome, Duration took) {
        copy.forEach(o -> safely(() -> o.messageFinished(message, outcome, took)));
      }

      @Override
      public void deliveryFailed(String workspaceId, String reason, boolean givenUp) {
        copy.forEach(o -> safely(() -> o.deliveryFailed(workspaceId, reason, givenUp)));
      }

      @Override
      public void polled(String workspaceId, int inHand) {
        copy.forEach(o -> safely(() -> o.polled(workspaceId, inHand)));
      }

      @Override
      public void heartbeatAccepted(String workspaceId) {
        copy.forEach(o -> safely(() -> o.heartbeatAccepted(workspaceId)));
      }

      @Override
      public void spend(String workspaceId, long cents) {
        copy.forEach(o -> safely(() -> o.spend(workspaceId, cents)));
      }

      @Override
      public void restarted(String workspaceId, int restarts) {
        copy.forEach(o -> safely(() -> o.restarted(workspaceId, restarts)));
      }
    };
  }

  private static void safely(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      org.tinylog.Logger.debug(e, "an observer failed; the others still hear");
    }
  }
}
