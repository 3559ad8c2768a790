package ai.molecule.sandbox;

/**
 * A request the sandbox refuses: the dispatcher turns it into {@code {"error": message}} with this
 * status, so validation deep inside a handler needs no plumbing back to it.
 */
final class HttpError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  /** The whole answer, for refusals whose body is not just {@code {"error": message}}. */
  private final transient Response response;

  HttpError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
    this.response = null;
  }

  /** A refusal answered exactly as {@code response}. */
  HttpError(Response response) {
    super("HTTP " + response.status(), null, false, false);
    this.status = response.status();
    this.response = response;
  }

  Response response() {
    return response != null ? response : Response.error(status, getMessage());
  }

  int status() {
    return status;
  }

  static HttpError badRequest(String message) {
    return new HttpError(400, message);
  }

  /** The platform's bare 400 for a body its binder refuses: it names no field. */
  static HttpError invalidBody() {
    return badRequest("invalid request body");
  }

  static HttpError unauthorized(String message) {
    return new HttpError(401, message);
  }

  static HttpError notFound(String message) {
    return new HttpError(404, message);
  }
}
