package ai.molecule.sandbox;

/**
 * The platform endpoints that exist for push workspaces: a download of a {@code workspace:} file
 * through the agent ({@code GET /workspaces/<id>/chat/download?path=}, 422 for a poll workspace),
 * and the A2A queue's items ({@code GET /workspaces/<id>/a2a/queue/<queue id>}).
 */
final class PushApi {

  private final WorkspaceBook workspaces;
  private final Callers callers;
  private final PushDeliveries deliveries;
  private final PushFiles files;
  private final PushQueue queue;

  PushApi(WorkspaceBook workspaces, Callers callers, PushDeliveries deliveries, PushFiles files, PushQueue queue) {
    this.workspaces = workspaces;
    this.callers = callers;
    this.deliveries = deliveries;
    this.files = files;
    this.queue = queue;
  }

  void addRoutes(Router router) {
    router.add("GET", "/workspaces/{id}/chat/download", this::download)
        .add("GET", "/workspaces/{id}/a2a/queue/{queueId}", this::queueItem);
  }

  /** Any workspace's token may ask (a peer reads a {@code workspace:} URI it was given). */
  private Response download(Request request) {
    callers.caller(request);
    String id = request.param("id");
    if (!workspaces.exists(id) || workspaces.removed(id)) {
      throw HttpError.notFound("workspace not found");
    }
    String path = request.query("path");
    if (path == null || !path.startsWith("/")) {
      throw HttpError.badRequest("path is required: an absolute path inside the workspace");
    }
    if (!deliveries.isPush(id)) {
      throw new HttpError(422, "workspace is in poll mode: its files are not served through the platform");
    }
    return files.read(id, path);
  }

  /** Items the caller sent or that target it; 404 (retryable) for an unknown one, 403 for another's. */
  private Response queueItem(Request request) {
    String id = callers.owner(request);
    PushQueue.Item item = queue.find(request.param("queueId")).orElseThrow(() -> {
      com.google.gson.JsonObject missing = Json.of("error", "queue item not found");
      missing.addProperty("retryable", true);
      return new HttpError(Response.json(404, missing));
    });
    if (!id.equals(item.workspaceId) && !id.equals(item.callerId)) {
      throw new HttpError(403, "access denied: the queue item is another workspace's");
    }
    return Response.ok(queue.toJson(item));
  }
}
