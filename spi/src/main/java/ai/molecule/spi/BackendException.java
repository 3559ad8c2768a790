package ai.molecule.spi;

/**
 * A backend could not handle a message, or could not start.
 *
 * <p>The message is shown to the operator and, for a message that finally fails, sent to its sender:
 * keep it short and free of secrets.
 *
 * @since 1.0
 */
public class BackendException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Whether the same message may succeed when tried again. */
  private final boolean retryable;

  /**
   * A failure, retryable or not.
   *
   * @param message what went wrong, one line
   * @param retryable whether the same message may succeed when tried again (a timeout, a busy
   *     service), as opposed to a failure that will repeat (bad input, a missing binary)
   * @param cause the underlying error, or {@code null}
   * @since 1.0
   */
  public BackendException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /**
   * A failure that may not happen again: the host will retry the message (a bounded number of times).
   *
   * @param message what went wrong, one line
   * @param cause the underlying error, or {@code null}
   * @return the exception, to throw
   * @since 1.0
   */
  public static BackendException retryable(String message, Throwable cause) {
    return new BackendException(message, true, cause);
  }

  /**
   * A failure that will happen again: the host answers the sender with an error and moves on.
   *
   * @param message what went wrong, one line
   * @return the exception, to throw
   * @since 1.0
   */
  public static BackendException permanent(String message) {
    return new BackendException(message, false, null);
  }

  /**
   * Whether trying the same message again may succeed.
   *
   * @return {@code true} for a retryable failure
   * @since 1.0
   */
  public boolean retryable() {
    return retryable;
  }
}
