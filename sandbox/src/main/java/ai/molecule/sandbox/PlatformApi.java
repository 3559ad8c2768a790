package ai.molecule.sandbox;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The workspace endpoints of platform-api.md, as a poll-mode agent uses them. Every one checks the
 * bearer token; the answers, status codes and error cases follow the platform's.
 */
final class PlatformApi {

  /** The activity types an agent may log itself, as the platform accepts them. */
  private static final Set<String> LOGGABLE = Set.of(
      "a2a_send", "a2a_receive", "task_update", "agent_log", "skill_promotion", "memory_write", "error");

  private final WorkspaceBook workspaces;
  private final ActivityFeed feed;
  private final Mailroom mailroom;
  private final Clock clock;

  PlatformApi(WorkspaceBook workspaces, ActivityFeed feed, Mailroom mailroom, Clock clock) {
    this.workspaces = workspaces;
    this.feed = feed;
    this.mailroom = mailroom;
    this.clock = clock;
  }

  void addRoutes(Router router) {
    router.add("POST", "/registry/register", this::register)
        .add("POST", "/registry/heartbeat", this::heartbeat)
        .add("POST", "/registry/update-card", this::updateCard)
        .add("GET", "/workspaces/{id}/state", this::state)
        .add("GET", "/workspaces/{id}/activity", this::activity)
        .add("POST", "/workspaces/{id}/activity", this::logActivity)
        .add("POST", "/workspaces/{id}/a2a", this::a2a)
        .add("POST", "/workspaces/{id}/notify", this::notifyCanvas);
  }

  private Response register(Request request) {
    String caller = caller(request);
    JsonObject body = request.json();
    String id = Json.requiredString(body, "id");
    JsonObject card = agentCard(body);
    String mode = Json.optionalString(body, "delivery_mode", "poll");
    if (mode.equals("push")) {
      throw HttpError.badRequest("the sandbox delivers in poll mode only: register with \"delivery_mode\": \"poll\"");
    }
    if (!mode.equals("poll")) {
      throw HttpError.badRequest("delivery_mode must be \"poll\" or \"push\"");
    }
    if (!Tokens.isUuid(id)) {
      // The platform fails in its database here; it answers 500, not 400.
      throw new HttpError(500, "registration failed: the id is not a UUID");
    }
    requireSame(caller, id);
    workspaces.register(id, card, mode);
    JsonObject answer = Response.status("registered");
    answer.addProperty("delivery_mode", mode);
    return Response.ok(answer);
  }

  private Response heartbeat(Request request) {
    String caller = caller(request);
    JsonObject body = request.json();
    String id = Json.requiredString(body, "workspace_id");
    if (!workspaces.exists(id)) {
      throw HttpError.notFound("workspace " + id + " not found");
    }
    requireSame(caller, id);
    if (!workspaces.require(id).registered()) {
      throw HttpError.notFound("workspace " + id + " is not registered: POST /registry/register first");
    }
    workspaces.heartbeat(id, new Heartbeat(
        Json.number(body, "error_rate"),
        Json.optionalString(body, "sample_error", ""),
        (int) Json.number(body, "active_tasks"),
        (long) Json.number(body, "uptime_seconds"),
        Json.optionalString(body, "current_task", ""),
        Json.optionalString(body, "runtime_state", ""),
        Json.number(body, "monthly_spend"),
        Json.optionalObject(body, "runtime_metadata"),
        clock.instant()));
    return Response.ok(Response.status("ok"));
  }

  private Response updateCard(Request request) {
    String caller = caller(request);
    JsonObject body = request.json();
    String id = Json.requiredString(body, "workspace_id");
    JsonObject card = agentCard(body);
    requireSame(caller, id);
    workspaces.updateCard(id, card);
    return Response.ok(Response.status("updated"));
  }

  private Response state(Request request) {
    String id = owner(request);
    JsonObject state = Response.status(workspaces.status(id).status());
    state.addProperty("paused", false);
    state.addProperty("deleted", false);
    return Response.ok(state);
  }

  private Response activity(Request request) {
    String id = owner(request);
    String cursor = request.query("since_id");
    if (cursor != null && !Tokens.isUuid(cursor)) {
      // The platform hands the cursor to Postgres as a uuid and fails there: a 500, not a 400.
      throw new HttpError(500, "query failed: since_id is not a UUID");
    }
    var query = new ActivityFeed.Query(id, request.query("type"), cursor,
        Math.max(0, number(request.query("since_secs"), 0)), limit(request.query("limit")));
    return feed.query(query)
        .map(rows -> {
          JsonArray page = new JsonArray();
          rows.forEach(row -> page.add(row.toJson()));
          return Response.ok(page);
        })
        .orElseGet(() -> Response.error(410,
            "the cursor row is gone (pruned, or not in this workspace's feed): poll again without since_id"));
  }

  private Response logActivity(Request request) {
    String id = owner(request);
    JsonObject body = request.json();
    String type = Json.requiredString(body, "activity_type");
    if (!LOGGABLE.contains(type)) {
      throw HttpError.badRequest("invalid activity_type, must be one of: " + String.join(", ", LOGGABLE.stream().sorted().toList()));
    }
    String source = Json.optionalString(body, "source_id", "");
    if (!source.isEmpty() && !source.equals(id)) {
      throw new HttpError(403, "source_id must match the authenticated workspace");
    }
    JsonObject requestBody = Json.optionalObject(body, "request_body");
    feed.append(FeedRow.draft(id, type, id,
        Json.optionalString(body, "target_id", null),
        Json.optionalString(body, "method", null),
        Json.optionalString(body, "summary", null),
        Json.optionalString(body, "status", "ok"),
        requestBody != null ? requestBody : Json.optionalObject(body, "metadata"),
        Json.optionalObject(body, "response_body")));
    return Response.ok(Response.status("logged"));
  }

  private Response a2a(Request request) {
    String caller = caller(request);
    String declared = request.header("X-Workspace-ID");
    if (declared == null || declared.isBlank()) {
      throw HttpError.badRequest("X-Workspace-ID is required: the calling workspace's id");
    }
    if (!declared.equals(caller)) {
      throw HttpError.unauthorized("X-Workspace-ID " + declared + " is not the workspace of this token");
    }
    String target = request.param("id");
    if (!workspaces.exists(target)) {
      throw HttpError.notFound("workspace " + target + " not found");
    }
    JsonObject body = request.json();
    if (Json.object(Json.object(body, "params"), "message") == null) {
      throw HttpError.badRequest("params.message is required: send an A2A message/send request");
    }
    mailroom.deliver(caller, target, body);
    JsonObject answer = Response.status("queued");
    answer.addProperty("delivery_mode", "poll");
    return Response.ok(answer);
  }

  private Response notifyCanvas(Request request) {
    String id = owner(request);
    JsonObject body = request.json();
    String message = Json.requiredString(body, "message");
    mailroom.notifyCanvas(id, message, attachments(body));
    return Response.ok(Response.status("sent"));
  }

  private static JsonObject agentCard(JsonObject body) {
    JsonObject card = Json.optionalObject(body, "agent_card");
    if (card == null) {
      throw HttpError.badRequest("agent_card is required (a JSON object)");
    }
    return card;
  }

  private static List<Reply.Attachment> attachments(JsonObject body) {
    JsonElement element = body.get("attachments");
    List<Reply.Attachment> files = new ArrayList<>();
    if (element == null || element.isJsonNull()) {
      return files;
    }
    if (!element.isJsonArray()) {
      throw HttpError.badRequest("attachments must be an array");
    }
    JsonArray array = element.getAsJsonArray();
    for (int i = 0; i < array.size(); i++) {
      JsonObject file = array.get(i).isJsonObject() ? array.get(i).getAsJsonObject() : null;
      String uri = Json.string(file, "uri");
      String name = Json.string(file, "name");
      if (uri == null || uri.isEmpty() || name == null || name.isEmpty()) {
        throw HttpError.badRequest("attachments[" + i + "] needs uri and name");
      }
      files.add(new Reply.Attachment(name, uri));
    }
    return files;
  }

  /** The workspace whose token the request carries; 401 when it carries none or a wrong one. */
  private String caller(Request request) {
    String authorization = request.header("Authorization");
    if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() == 7) {
      throw HttpError.unauthorized("missing bearer token: send Authorization: Bearer <workspace token>");
    }
    return workspaces.workspaceOf(authorization.substring(7))
        .orElseThrow(() -> HttpError.unauthorized("invalid or revoked workspace token"));
  }

  /**
   * The path's workspace, when the token is its own. Anything else is a 401, an unknown workspace
   * included: the platform never tells a caller whether a workspace it may not see exists.
   */
  private String owner(Request request) {
    String id = request.param("id");
    requireSame(caller(request), id);
    return id;
  }

  private static void requireSame(String caller, String workspaceId) {
    if (!caller.equals(workspaceId)) {
      throw HttpError.unauthorized("this token does not belong to workspace " + workspaceId);
    }
  }

  /** The platform's reading of {@code limit}: 100 unless a positive number, at most 500. */
  private static int limit(String text) {
    long limit = number(text, ActivityFeed.DEFAULT_LIMIT);
    return limit <= 0 ? ActivityFeed.DEFAULT_LIMIT : (int) Math.min(limit, ActivityFeed.MAX_LIMIT);
  }

  /** A whole number, or {@code otherwise} when absent or unreadable (the platform ignores those). */
  private static long number(String text, long otherwise) {
    if (text == null) {
      return otherwise;
    }
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }
}
