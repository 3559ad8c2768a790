package ai.molecule.sandbox;

/**
 * A file transfer with a push workspace's agent failed: its {@code /internal/...} route answered
 * an error (passed on unchanged, as the platform passes it to the canvas), or it could not be
 * reached (502).
 */
public final class PushFileException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String body;

  PushFileException(int status, String body) {
    super("the agent answered HTTP " + status + ": " + body, null, false, false);
    this.status = status;
    this.body = body;
  }

  /** The HTTP status the caller gets. */
  public int status() {
    return status;
  }

  /** The body the caller gets (the agent's own, for an error it answered). */
  public String body() {
    return body;
  }
}
