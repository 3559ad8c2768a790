package ai.molecule.sandbox;

/**
 * A request the sandbox refuses: the dispatcher turns it into {@code {"error": message}} with this
 * status, so validation deep inside a handler needs no plumbing back to it.
 */
final class HttpError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;

  HttpError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }

  static HttpError badRequest(String message) {
    return new HttpError(400, message);
  }

  static HttpError unauthorized(String message) {
    return new HttpError(401, message);
  }

  static HttpError notFound(String message) {
    return new HttpError(404, message);
  }
}
