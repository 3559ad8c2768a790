package ai.molecule.sandbox;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
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
        .add("GET", "/sandbox/workspaces/{id}/heartbeats", this::heartbeats)
        .add("POST", "/sandbox/workspaces/{id}/system-turns", this::systemTurn)
        .add("POST", "/sandbox/workspaces/{id}/revoke-tokens", this::revokeTokens)
        .add("POST", "/sandbox/workspaces/{id}/remove", this::remove)
        .add("POST", "/sandbox/workspaces/{id}/policy", this::policy)
        .add("POST", "/sandbox/workspaces/{id}/push", this::push)
        .add("GET", "/sandbox/workspaces/{id}/uploads", this::uploads)
        .add("GET", "/sandbox/uploads/{fileId}/content", this::uploadContent)
        .add("GET", "/sandbox/a2a-calls", this::a2aCalls)
        .add("GET", "/sandbox/push-dispatches", this::pushDispatches)
        .add("POST", "/sandbox/platform", this::platform)
        .add("GET", "/sandbox/watchdog", this::watchdog)
        .add("POST", "/sandbox/tick", this::tick)
        .add("POST", "/sandbox/prune", this::prune)
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

  /** One workspace, or with {@code "count"} that many named {@code <name>-1} ... (an array then). */
  private Response create(Request request) {
    JsonObject body = request.body().length == 0 ? new JsonObject() : request.json();
    String name = Json.optionalString(body, "name", null);
    long count = Json.integer(body, "count");
    if (count > 0) {
      return Response.json(201, Json.GSON.toJsonTree(sandbox.createWorkspaces((int) Math.min(count, 10_001), name)));
    }
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
    List<UploadFile> files = files(body);
    if (!files.isEmpty() && sender != Sender.HUMAN) {
      throw HttpError.badRequest("files come from a human on the canvas");
    }
    SentMessage sent;
    try {
      sent = files.isEmpty() ? sandbox.send(request.param("id"), sender, text)
          : sandbox.sendAsHuman(request.param("id"), text, files.toArray(UploadFile[]::new));
    } catch (PushFileException e) {
      // A push agent refused the upload: its answer reaches the canvas unchanged.
      throw new HttpError(new Response(e.status(), Response.JSON, e.body().getBytes(java.nio.charset.StandardCharsets.UTF_8),
          java.util.Map.of(), false, null));
    }
    return Response.json(201, Json.GSON.toJsonTree(sent));
  }

  /** {@code "files": [{"name", "mime_type", "content_base64"}]}. */
  private static List<UploadFile> files(JsonObject body) {
    JsonElement element = body.get("files");
    List<UploadFile> files = new ArrayList<>();
    if (element == null || element.isJsonNull()) {
      return files;
    }
    if (!element.isJsonArray()) {
      throw HttpError.badRequest("files must be an array of {name, mime_type, content_base64}");
    }
    for (JsonElement file : element.getAsJsonArray()) {
      if (!file.isJsonObject()) {
        throw HttpError.badRequest("files must be an array of {name, mime_type, content_base64}");
      }
      JsonObject f = file.getAsJsonObject();
      byte[] content;
      try {
        content = Base64.getDecoder().decode(Json.optionalString(f, "content_base64", ""));
      } catch (IllegalArgumentException e) {
        throw HttpError.badRequest("content_base64 is not base64");
      }
      files.add(new UploadFile(Json.requiredString(f, "name"), Json.optionalString(f, "mime_type", null), content));
    }
    return files;
  }

  private Response heartbeats(Request request) {
    return Response.ok(Json.GSON.toJsonTree(sandbox.heartbeats(request.param("id"))));
  }

  /** {@code {"source_type": "self-…", "text"}}: a platform system turn in the workspace's feed. */
  private Response systemTurn(Request request) {
    JsonObject body = request.json();
    FeedRow row = sandbox.injectSystemTurn(request.param("id"), Json.requiredString(body, "source_type"),
        Json.requiredString(body, "text"));
    return Response.json(201, row.toJson());
  }

  private Response remove(Request request) {
    sandbox.removeWorkspace(request.param("id"));
    return Response.ok(Response.status("removed"));
  }

  private Response revokeTokens(Request request) {
    sandbox.revokeTokens(request.param("id"));
    return Response.ok(Response.status("revoked"));
  }

  /** {@code {"talk_to_user": bool, "may_send": bool, "budget_cents": n}}, each optional. */
  private Response policy(Request request) {
    String id = request.param("id");
    JsonObject body = request.json();
    Boolean talk = Json.optionalBoolean(body, "talk_to_user");
    if (talk != null) {
      sandbox.allowTalkToUser(id, talk);
    }
    Boolean send = Json.optionalBoolean(body, "may_send");
    if (send != null) {
      sandbox.allowSending(id, send);
    }
    if (body.has("budget_cents")) {
      sandbox.setBudget(id, Json.integer(body, "budget_cents"));
    }
    return Response.ok(statusJson(sandbox.status(id)));
  }

  /**
   * {@code {"answers": [{"kind": "result"|"jsonrpc_error"|"empty_body"|"queued"|"unavailable"|"drop",
   * "text", "code", "message", "status", "retry_after", "hold_ms"}]}}, or {@code {"answers": []}}
   * for a poll target again.
   */
  private Response push(Request request) {
    String id = request.param("id");
    JsonElement answers = request.json().get("answers");
    if (answers == null || !answers.isJsonArray()) {
      throw HttpError.badRequest("answers must be an array");
    }
    if (answers.getAsJsonArray().isEmpty()) {
      sandbox.stopPushSimulation(id);
      return Response.ok(Response.status("poll"));
    }
    List<PushAnswer> list = new ArrayList<>();
    for (JsonElement element : answers.getAsJsonArray()) {
      if (!element.isJsonObject()) {
        throw HttpError.badRequest("each answer is an object");
      }
      list.add(pushAnswer(element.getAsJsonObject()));
    }
    sandbox.simulatePush(id, list.toArray(PushAnswer[]::new));
    return Response.ok(Response.status("push"));
  }

  private static PushAnswer pushAnswer(JsonObject a) {
    PushAnswer answer = switch (Json.requiredString(a, "kind")) {
      case "result" -> PushAnswer.result(Json.optionalString(a, "text", SandboxPlatform.PEER_ANSWER));
      case "jsonrpc_error" -> PushAnswer.jsonRpcError((int) Json.integer(a, "code"),
          Json.optionalString(a, "message", "error"));
      case "empty_body" -> PushAnswer.emptyBody();
      case "queued" -> PushAnswer.queued();
      case "unavailable" -> PushAnswer.unavailable((int) Json.integer(a, "status"), (int) Json.integer(a, "retry_after"));
      case "drop" -> PushAnswer.drop();
      default -> throw HttpError.badRequest("kind must be result, jsonrpc_error, empty_body, queued, unavailable or drop");
    };
    return answer.after(Duration.ofMillis(Math.max(0, Json.integer(a, "hold_ms"))));
  }

  private Response uploads(Request request) {
    JsonArray files = new JsonArray();
    sandbox.stagedFiles(request.param("id")).forEach(file -> {
      JsonObject json = Json.GSON.toJsonTree(file).getAsJsonObject();
      json.addProperty("uri", file.uri());
      files.add(json);
    });
    return Response.ok(files);
  }

  /** The bytes of a staged file, for the page's links; 404 once the platform would no longer serve them. */
  private Response uploadContent(Request request) {
    StagedFile file = sandbox.stagedFile(request.param("fileId"))
        .orElseThrow(() -> HttpError.notFound("no such staged file"));
    byte[] bytes = sandbox.download(file.uri()).orElseThrow(() -> HttpError.notFound("the staged file expired"));
    return Response.bytes(file.mimeType(), bytes)
        .withHeader("Content-Disposition", "attachment; filename=\"" + file.name() + "\"");
  }

  /** Dispatch attempts to push workspaces, all or {@code ?workspace=<id>}'s. */
  private Response pushDispatches(Request request) {
    String id = request.query("workspace");
    return Response.ok(Json.GSON.toJsonTree(id == null ? sandbox.pushDispatches() : sandbox.pushDispatches(id)));
  }

  /** {@code {"dev_mode": bool, "always_auth": bool}}, each optional: the platform the sandbox models. */
  private Response platform(Request request) {
    JsonObject body = request.json();
    Boolean dev = Json.optionalBoolean(body, "dev_mode");
    if (dev != null) {
      sandbox.devPlatform(dev);
    }
    Boolean always = Json.optionalBoolean(body, "always_auth");
    if (always != null) {
      sandbox.alwaysAuthPush(always);
    }
    return Response.ok(Response.status("ok"));
  }

  private Response a2aCalls(Request request) {
    return Response.ok(Json.GSON.toJsonTree(sandbox.a2aCalls()));
  }

  /** The watchdogs' steps, all or {@code ?workspace=<id>}'s. */
  private Response watchdog(Request request) {
    String id = request.query("workspace");
    return Response.ok(Json.GSON.toJsonTree(id == null ? sandbox.watchdogSteps() : sandbox.watchdogSteps(id)));
  }

  private Response tick(Request request) {
    return Response.ok(Json.GSON.toJsonTree(sandbox.tick()));
  }

  private Response prune(Request request) {
    JsonObject answer = new JsonObject();
    answer.addProperty("pruned", sandbox.pruneActivity());
    return Response.ok(answer);
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
    // To a push workspace: what the canvas's calls still open or failed got (push-async, queued, an error).
    page.add("push", Json.GSON.toJsonTree(sandbox.canvasDeliveries(id)));
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
      case "dispatch_drop" -> faults.dropNextDispatch(Math.max(1, count));
      case "dispatch_timeout" -> faults.timeOutNextDispatch(Math.max(1, count));
      case "clear" -> {
        faults.clear();
        sandbox.stallEventStreams(false);
        sandbox.offerEventStreams(true);
      }
      case "streams_drop" -> sandbox.dropEventStreams();
      case "streams_stall" -> sandbox.stallEventStreams(true);
      case "streams_resume" -> sandbox.stallEventStreams(false);
      case "streams_off" -> sandbox.offerEventStreams(false);
      case "streams_on" -> sandbox.offerEventStreams(true);
      default -> throw HttpError.badRequest(
          "fault must be fail, drop, delay, dispatch_drop, dispatch_timeout, clear, streams_drop, streams_stall, streams_resume, streams_off or streams_on");
    }
    JsonObject answer = new JsonObject();
    answer.addProperty("pending", faults.pending());
    answer.addProperty("open_streams", sandbox.openEventStreams());
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
