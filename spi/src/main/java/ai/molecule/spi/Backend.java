package ai.molecule.spi;

/**
 * Handles inbound messages for one workspace.
 *
 * <p>Thread safety: the host calls {@link #handle} concurrently for messages of different
 * conversations, and never concurrently for two messages of the same conversation (it keeps each
 * conversation in order). An implementation must therefore be safe for concurrent calls.
 *
 * <p>Interruption: when the host gives up on a message (shutdown past its grace period) it
 * interrupts the handling thread. Long-running work should react to {@link Thread#interrupted()}
 * or to an {@link InterruptedException} and end promptly.
 */
public interface Backend extends AutoCloseable {

  /**
   * Handles one message and returns the reply to send to its sender.
   *
   * @throws BackendException when the message could not be handled. The host retries a {@linkplain
   *     BackendException#retryable() retryable} failure a bounded number of times, then answers the
   *     sender with an error; a permanent failure is answered with an error at once.
   */
  Reply handle(InboundMessage message) throws BackendException;

  /**
   * Releases what the backend holds (processes, connections). Called once, after the last {@link
   * #handle} has returned. The default does nothing.
   */
  @Override
  default void close() {}
}
