package ai.molecule.sandbox;

/** Who a platform request comes from: the workspace its bearer token belongs to. */
final class Callers {

  private final WorkspaceBook workspaces;

  Callers(WorkspaceBook workspaces) {
    this.workspaces = workspaces;
  }

  /** The workspace whose token the request carries; 401 when it carries none or a wrong one. */
  String caller(Request request) {
    return caller(request, "missing bearer token: send Authorization: Bearer <workspace token>",
        "invalid or revoked workspace token");
  }

  /** The same, with the refusals' own wording (the {@code /a2a} proxy words them its way). */
  String caller(Request request, String missing, String invalid) {
    String authorization = request.header("Authorization");
    if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() == 7) {
      throw HttpError.unauthorized(missing);
    }
    return workspaces.workspaceOf(authorization.substring(7)).orElseThrow(() -> HttpError.unauthorized(invalid));
  }

  /**
   * The path's workspace, when the token is its own. Anything else is a 401, an unknown workspace
   * included: the platform never tells a caller whether a workspace it may not see exists.
   */
  String owner(Request request) {
    String id = request.param("id");
    requireSame(caller(request), id);
    return id;
  }

  static void requireSame(String caller, String workspaceId) {
    if (!caller.equals(workspaceId)) {
      throw HttpError.unauthorized("this token does not belong to workspace " + workspaceId);
    }
  }
}
