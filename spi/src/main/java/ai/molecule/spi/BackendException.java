package ai.molecule.spi;

/**
 * A backend could not handle a message, or could not start.
 *
 * <p>The message is shown to the operator and, for a message that finally fails, sent to its sender:
 * keep it short and free of secrets.
 */
public class BackendException extends Exception {

  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  /**
   * @param message what went wrong, one line
   * @param retryable whether the same message may succeed when tried again (a timeout, a busy
   *     service), as opposed to a failure that will repeat (bad input, a missing binary)
   * @param cause the underlying error, or {@code null}
   */
  public BackendException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** A failure that may not happen again: the host will retry the message (a bounded number of times). */
  public static BackendException retryable(String message, Throwable cause) {
    return new BackendException(message, true, cause);
  }

  /** A failure that will happen again: the host answers the sender with an error and moves on. */
  public static BackendException permanent(String message) {
    return new BackendException(message, false, null);
  }

  /** Whether trying the same message again may succeed. */
  public boolean retryable() {
    return retryable;
  }
}
