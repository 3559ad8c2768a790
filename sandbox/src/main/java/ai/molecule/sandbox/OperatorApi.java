package ai.molecule.sandbox;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The operator's JSON endpoints under {@code /sandbox/}: what the web page polls and what a
 * {@code molecule send} in another process calls. No token: they answer on loopback names only.
 */
final class OperatorApi {

  private static final long DEFAULT_WAIT_MILLIS = 30_000;
  private static final long LONGEST_WAIT_MILLIS = 60_000;

  private final SandboxPlatform sandbox;

  OperatorApi(SandboxPlatform sandbox) {
    this.sandbox = sandbox;
  }

  void addRoutes(Router router) {
    router.add("GET", "/sandbox/info", this::info)
        .add("GET", "/sandbox/workspaces", this::list)
        .add("POST", "/sandbox/workspaces", this::create)
        .add("GET", "/sandbox/workspaces/{id}", this::status)
        .add("GET", "/sandbox/workspaces/{id}/activity", this::activity)
        .add("POST", "/sandbox/workspaces/{id}/messages", this::send)
        .add("GET", "/sandbox/workspaces/{id}/replies", this::replies)
        .add("GET", "/sandbox/workspaces/{id}/conversation", this::conversation)
        .add("GET", "/sandbox/messages/{messageId}/reply", this::awaitReply)
        .add("POST", "/sandbox/faults", this::faults);
  }

  private Response info(Request request) {
    JsonObject info = new JsonObject();
    info.addProperty("api_url", sandbox.url().toString());
    info.addProperty("default_workspace", sandbox.defaultWorkspace().id());
    info.addProperty("peer_workspace", sandbox.peerWorkspaceId());
    info.addProperty("org_id", sandbox.options().orgId());
    info.addProperty("rate_limit_per_minute", sandbox.options().rateLimitPerMinute());
    return Response.ok(info);
  }

  private Response list(Request request) {
    JsonArray list = new JsonArray();
    sandbox.workspaces().forEach(status -> list.add(statusJson(status)));
    return Response.ok(list);
  }

  private Response create(Request request) {
    String name = request.body().length == 0 ? null : Json.optionalString(request.json(), "name", null);
    WorkspaceCredentials created = sandbox.createWorkspace(name);
    return Response.json(201, Json.GSON.toJsonTree(created));
  }

  private Response status(Request request) {
    return Response.ok(statusJson(sandbox.status(request.param("id"))));
  }

  private Response activity(Request request) {
    int limit = (int) Math.min(ActivityFeed.MAX_LIMIT, number(request, "limit", 50));
    JsonArray rows = new JsonArray();
    sandbox.activity(request.param("id"), Math.max(1, limit)).forEach(row -> rows.add(row.toJson()));
    return Response.ok(rows);
  }

  private Response send(Request request) {
    JsonObject body = request.json();
    String text = Json.requiredString(body, "text");
    String from = Json.optionalString(body, "from", "human").toLowerCase(Locale.ROOT);
    Sender sender = switch (from) {
      case "human" -> Sender.HUMAN;
      case "peer" -> Sender.PEER;
      default -> throw HttpError.badRequest("from must be \"human\" or \"peer\"");
    };
    return Response.json(201, Json.GSON.toJsonTree(sandbox.send(request.param("id"), sender, text)));
  }

  private Response replies(Request request) {
    return Response.ok(Json.GSON.toJsonTree(sandbox.replies(request.param("id"), number(request, "after", 0))));
  }

  /** Sent messages and replies after a sequence number, in order: what the page shows. */
  private Response conversation(Request request) {
    String id = request.param("id");
    long after = number(request, "after", 0);
    JsonArray entries = new JsonArray();
    long last = after;
    List<SentMessage> sent = sandbox.sentMessages(id, after);
    List<Reply> replies = sandbox.replies(id, after);
    int s = 0;
    int r = 0;
    while (s < sent.size() || r < replies.size()) {
      boolean takeSent = r == replies.size() || (s < sent.size() && sent.get(s).seq() < replies.get(r).seq());
      JsonObject entry = Json.GSON.toJsonTree(takeSent ? sent.get(s++) : replies.get(r++)).getAsJsonObject();
      entry.addProperty("type", takeSent ? "sent" : "reply");
      last = Math.max(last, entry.get("seq").getAsLong());
      entries.add(entry);
    }
    JsonObject page = new JsonObject();
    page.add("entries", entries);
    page.addProperty("last_seq", last);
    return Response.ok(page);
  }

  /** Waits (up to {@code wait_ms}, at most a minute) for the reply to one sent message. */
  private Response awaitReply(Request request) throws InterruptedException {
    String messageId = request.param("messageId");
    SentMessage message = sandbox.sentMessage(messageId)
        .orElseThrow(() -> HttpError.notFound("no message " + messageId + " was sent through this sandbox"));
    long wait = Math.max(0, Math.min(LONGEST_WAIT_MILLIS, number(request, "wait_ms", DEFAULT_WAIT_MILLIS)));
    return sandbox.awaitReply(message, Duration.ofMillis(wait))
        .map(reply -> {
          JsonObject answer = Response.status("replied");
          answer.add("reply", Json.GSON.toJsonTree(reply));
          return Response.ok(answer);
        })
        .orElseGet(() -> Response.ok(Response.status("waiting")));
  }

  private Response faults(Request request) {
    JsonObject body = request.json();
    String fault = Json.requiredString(body, "fault");
    int count = (int) Json.number(body, "count");
    String path = Json.optionalString(body, "path", null);
    Faults faults = sandbox.faults();
    switch (fault) {
      case "fail" -> faults.failNext(Math.max(1, count), (int) Json.number(body, "status"), path);
      case "drop" -> faults.dropNext(Math.max(1, count), path);
      case "delay" -> faults.delayNext(Math.max(1, count), Duration.ofMillis((long) Json.number(body, "delay_ms")), path);
      case "clear" -> faults.clear();
      default -> throw HttpError.badRequest("fault must be fail, drop, delay or clear");
    }
    JsonObject answer = new JsonObject();
    answer.addProperty("pending", faults.pending());
    return Response.ok(answer);
  }

  private JsonElement statusJson(WorkspaceStatus status) {
    JsonObject json = Json.GSON.toJsonTree(status).getAsJsonObject();
    if (status.lastSeen() != null) {
      // The sandbox's own clock, which a test may have moved: the page cannot work this out itself.
      json.addProperty("seen_seconds_ago", Duration.between(status.lastSeen(), sandbox.now()).toSeconds());
    }
    return json;
  }

  private static long number(Request request, String name, long otherwise) {
    String text = request.query(name);
    if (text == null) {
      return otherwise;
    }
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw HttpError.badRequest(name + " must be a whole number");
    }
  }
}
