package ai.molecule.sandbox;

/**
 * What the canvas caller of a message to a push workspace got from the platform: the agent's
 * answer, {@code {"status":"queued","delivery_mode":"push-async"}} once the call has taken 90 s
 * (the answer then shows on the canvas when it comes), a 202 after a timeout or a dropped
 * connection (re-delivered from the queue), or an error.
 *
 * @param messageId the sent message
 * @param workspaceId the push workspace
 * @param state where the delivery stands
 * @param callerStatus the HTTP status the canvas's call got, 0 while it waits
 * @param callerAnswer the body the canvas's call got, or {@code null} while it waits
 */
public record CanvasDelivery(String messageId, String workspaceId, State state, int callerStatus, String callerAnswer) {

  /** Where a canvas message to a push workspace stands. */
  public enum State {
    /** Dispatched; the canvas's call waits for the answer. */
    DISPATCHING,
    /** The call took 90 s: the canvas got push-async and waits for the answer to show. */
    PUSH_ASYNC,
    /** Timed out or dropped: queued for re-delivery, the canvas got 202. */
    QUEUED,
    /** The agent's answer is on the canvas (see the conversation's replies). */
    ANSWERED,
    /** The agent could not be reached, answered an error, or every re-delivery failed. */
    FAILED
  }

  CanvasDelivery with(State newState, int status, String answer) {
    return new CanvasDelivery(messageId, workspaceId, newState, status, answer);
  }
}
