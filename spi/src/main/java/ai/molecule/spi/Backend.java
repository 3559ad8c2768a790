package ai.molecule.spi;

/**
 * Handles inbound messages for one workspace.
 *
 * <p>Thread safety: the host calls {@code handle} concurrently for messages of different
 * conversations, and never concurrently for two messages of the same conversation (it keeps each
 * conversation in order). An implementation must therefore be safe for concurrent calls.
 *
 * <p>Interruption: when the host gives up on a message (shutdown past its grace period) it
 * interrupts the handling thread. Long-running work should react to {@link Thread#interrupted()}
 * or to an {@link InterruptedException} and end promptly.
 *
 * <p>Which method to implement: a backend written for contract 1.0 implements {@link
 * #handle(InboundMessage)}; one written for 1.1 or later overrides {@link #handle(InboundMessage,
 * Turn)}, which the host calls, and implements the first by calling it with {@link Turn#none()}.
 *
 * @since 1.0
 */
public interface Backend extends AutoCloseable {

  /**
   * Handles one message and returns the reply to send to its sender: the method a 1.0 backend
   * implements. The host calls {@link #handle(InboundMessage, Turn)}, whose default calls this one.
   * A backend that implements the other one makes this one call it: {@code return handle(message,
   * Turn.none());}.
   *
   * @param message the message
   * @return the reply
   * @throws BackendException when the message could not be handled. The host retries a {@linkplain
   *     BackendException#retryable() retryable} failure a bounded number of times, then answers the
   *     sender with an error; a permanent failure is answered with an error at once.
   * @since 1.0
   */
  Reply handle(InboundMessage message) throws BackendException;

  /**
   * Handles one message within a turn and returns the reply to send to its sender: the method the
   * host calls. Through the turn a backend reports progress and cost and reads its deadline. The
   * default calls {@link #handle(InboundMessage)}, so 1.0 backends keep working unchanged.
   *
   * @param message the message
   * @param turn the host's side of this turn
   * @return the reply
   * @throws BackendException as for {@link #handle(InboundMessage)}; the message of a permanent
   *     failure is what the sender is told, unless the operator chose a generic sentence
   * @since 1.1
   */
  default Reply handle(InboundMessage message, Turn turn) throws BackendException {
    return handle(message);
  }

  /**
   * Whether this backend wants the platform's system turns (scheduled turns, nudges) other than
   * liveness checks, which the host answers itself. They arrive marked ({@link
   * InboundMessage#fromSystem()}), and whatever the backend replies is logged, never sent: the
   * platform does not take answers to them. The default is {@code false}: a 1.0 backend never
   * sees one.
   *
   * @return {@code true} to receive system turns
   * @since 1.1
   */
  default boolean acceptsSystemTurns() {
    return false;
  }

  /**
   * Releases what the backend holds (processes, connections). Called once, after the last {@code
   * handle} has returned. The default does nothing.
   *
   * @since 1.0
   */
  @Override
  default void close() {}
}
