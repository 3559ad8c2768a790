package ai.molecule.sandbox;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/** {@code POST /workspaces/<target>/a2a} and {@code POST /workspaces/<id>/notify}, as the platform answers them. */
final class MessagingApi {

  /** How many {@code /a2a} calls the operator can read back. */
  static final int CALLS_KEPT = 1000;

  private final WorkspaceBook workspaces;
  private final Callers callers;
  private final Mailroom mailroom;
  private final ActivityFeed feed;
  private final PushTargets pushTargets;
  private final PushDeliveries pushDeliveries;
  private final Clock clock;
  private final Deque<A2aCall> calls = new ArrayDeque<>();

  MessagingApi(WorkspaceBook workspaces, Callers callers, Mailroom mailroom, ActivityFeed feed,
      PushTargets pushTargets, PushDeliveries pushDeliveries, Clock clock) {
    this.workspaces = workspaces;
    this.callers = callers;
    this.mailroom = mailroom;
    this.feed = feed;
    this.pushTargets = pushTargets;
    this.pushDeliveries = pushDeliveries;
    this.clock = clock;
  }

  void addRoutes(Router router) {
    router.add("POST", "/workspaces/{id}/a2a", this::a2a)
        .add("POST", "/workspaces/{id}/notify", this::notifyCanvas);
  }

  /** Every {@code /a2a} call so far (the last {@value #CALLS_KEPT}), oldest first. */
  synchronized List<A2aCall> calls() {
    return new ArrayList<>(calls);
  }

  private Response a2a(Request request) throws InterruptedException {
    String caller = callers.caller(request, "missing caller auth token", "invalid caller auth token");
    String declared = request.header("X-Workspace-ID");
    if (declared != null && declared.startsWith("system:")) {
      throw new HttpError(403, "access denied: a system caller id is not a workspace");
    }
    if (declared != null && !declared.isEmpty() && !declared.equals(caller)) {
      throw HttpError.unauthorized("caller ID does not match workspace auth token");
    }
    String target = request.param("id");
    if (!workspaces.exists(target) || workspaces.removed(target)) {
      throw new HttpError(403, "access denied: no workspace " + target);
    }
    if (workspaces.require(caller).sendingForbidden) {
      throw new HttpError(403, "tool call failed");
    }
    WorkspaceRecord to = workspaces.require(target);
    if (to.budgetCents > 0 && to.monthlySpendCents >= to.budgetCents) {
      throw new HttpError(402, "workspace budget limit exceeded");
    }
    JsonObject body = Envelopes.normalise(request.json());
    JsonObject message = A2aRequests.messageOf(body);
    if (message == null) {
      throw HttpError.badRequest("params.message is required: send an A2A message/send request");
    }
    var push = pushTargets.next(target);
    if (push.isEmpty() && pushDeliveries.isPush(target)) {
      // A workspace registered in push mode: dispatched to its URL while the caller waits.
      PushDeliveries.Answered answered = pushDeliveries.fromAgent(caller, target, body,
          mailroom.deliver(caller, target, body).row());
      record(caller, target, body, answered.response().status(), answered.outcome());
      return answered.response();
    }
    if (push.isEmpty()) {
      mailroom.deliver(caller, target, body);
      record(caller, target, body, 200, "queued");
      JsonObject answer = Response.status("queued");
      answer.addProperty("delivery_mode", "poll");
      answer.addProperty("method", Json.string(body, "method"));
      return Response.ok(answer);
    }
    PushAnswer answer = push.get();
    ActivityFeed.Stored stored = mailroom.deliver(caller, target, body);
    record(caller, target, body, answer.status(), answer.kind().name().toLowerCase(Locale.ROOT));
    if (!answer.hold().isZero()) {
      Thread.sleep(answer.hold().toMillis()); // a push target holds the call for its whole turn
    }
    if (answer.kind() == PushAnswer.Kind.RESULT || answer.kind() == PushAnswer.Kind.JSONRPC_ERROR) {
      JsonObject rpc = PushTargets.jsonRpc(answer, body);
      feed.answer(stored.row().id(), rpc); // the exchange, recorded in the target's feed
      return Response.ok(rpc);
    }
    return PushTargets.respond(answer);
  }

  private synchronized void record(String caller, String target, JsonObject body, int status, String outcome) {
    calls.addLast(new A2aCall(caller, target, Json.string(A2aRequests.messageOf(body), "messageId"),
        body.has("id") && !body.get("id").isJsonNull() ? body.get("id").getAsString() : null,
        Json.string(body, "method"), status, outcome, clock.instant()));
    while (calls.size() > CALLS_KEPT) {
      calls.removeFirst();
    }
  }

  private Response notifyCanvas(Request request) {
    String id = callers.owner(request);
    if (workspaces.require(id).talkToUserDisabled) {
      JsonObject refusal = Json.of("error", "talk_to_user_disabled");
      refusal.addProperty("hint", "the operator does not let this workspace talk to users; ask them to allow it");
      throw new HttpError(Response.json(403, refusal));
    }
    JsonObject body;
    try {
      body = request.json();
    } catch (HttpError e) {
      throw HttpError.badRequest("message is required");
    }
    String message = Json.string(body, "message");
    if (message == null || message.isEmpty()) {
      throw HttpError.badRequest("message is required");
    }
    mailroom.notifyCanvas(id, message, attachments(body));
    return Response.ok(Response.status("sent"));
  }

  private static List<Reply.Attachment> attachments(JsonObject body) {
    JsonElement element = body.get("attachments");
    List<Reply.Attachment> files = new ArrayList<>();
    if (element == null || element.isJsonNull()) {
      return files;
    }
    if (!element.isJsonArray()) {
      throw HttpError.invalidBody();
    }
    JsonArray array = element.getAsJsonArray();
    for (int i = 0; i < array.size(); i++) {
      JsonObject file = array.get(i).isJsonObject() ? array.get(i).getAsJsonObject() : null;
      String uri = Json.string(file, "uri");
      String name = Json.string(file, "name");
      if (uri == null || uri.isEmpty() || name == null || name.isEmpty()) {
        throw HttpError.badRequest("attachment[" + i + "]: uri and name are required");
      }
      files.add(Reply.Attachment.of(file));
    }
    return files;
  }
}
