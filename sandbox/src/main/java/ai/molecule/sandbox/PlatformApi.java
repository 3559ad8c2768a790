package ai.molecule.sandbox;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The registry endpoints of platform-api.md (register, heartbeat, update-card) and the workspace's
 * state, with the platform's answers, status codes and error cases.
 */
final class PlatformApi {

  private final WorkspaceBook workspaces;
  private final Callers callers;
  private final EventHub events;
  private final Clock clock;
  private final PushPolicy push;
  private final BiConsumer<String, Integer> beaten;

  /**
   * @param push the rules a push registration's URL is checked against
   * @param beaten told of each stored heartbeat (workspace id, {@code active_tasks}): the push queue drains on it
   */
  PlatformApi(WorkspaceBook workspaces, Callers callers, EventHub events, Clock clock, PushPolicy push,
      BiConsumer<String, Integer> beaten) {
    this.workspaces = workspaces;
    this.callers = callers;
    this.events = events;
    this.clock = clock;
    this.push = push;
    this.beaten = beaten;
  }

  void addRoutes(Router router) {
    router.add("POST", "/registry/register", this::register)
        .add("POST", "/registry/heartbeat", this::heartbeat)
        .add("POST", "/registry/update-card", this::updateCard)
        .add("GET", "/workspaces/{id}/state", this::state)
        .add("GET", "/workspaces/{id}", this::workspace);
  }

  private Response register(Request request) {
    JsonObject body = bodyOrInvalid(request);
    String id = Json.string(body, "id");
    JsonObject card = Json.object(body, "agent_card");
    JsonElement modeField = body.get("delivery_mode");
    if (id == null || id.isEmpty() || card == null
        || (modeField != null && !modeField.isJsonNull() && Json.string(body, "delivery_mode") == null)) {
      throw HttpError.invalidBody();
    }
    String mode = Json.string(body, "delivery_mode");
    if (mode != null && !mode.equals("poll") && !mode.equals("push")) {
      throw HttpError.badRequest("delivery_mode must be 'push' or 'poll'");
    }
    if (!Tokens.isUuid(id)) {
      // The platform fails in its database here; it answers 500, not 400.
      throw new HttpError(500, "registration failed");
    }
    authoriseFor(request, id);
    String url = "push".equals(mode) ? pushUrl(body, card) : null;
    WorkspaceBook.Registered registered = workspaces.register(id, card, mode, url);
    JsonObject answer = Response.status("registered");
    answer.addProperty("delivery_mode", workspaces.require(id).deliveryMode);
    answer.addProperty("platform_inbound_secret", registered.inboundSecret());
    if (registered.mintedToken() != null) {
      answer.addProperty("auth_token", registered.mintedToken());
    }
    return Response.ok(answer);
  }

  /**
   * Never 404: a heartbeat for an id the sandbox does not know is a 200 that changes nothing, as
   * on the platform. Every field is bound strictly (a decimal in an integer field is a 400).
   */
  private Response heartbeat(Request request) {
    HeartbeatBinding.Bound bound = HeartbeatBinding.bind(request.body(), clock.instant());
    String id = bound.workspaceId();
    if (!Tokens.isUuid(id)) {
      throw new HttpError(500, "failed to update");
    }
    authoriseFor(request, id);
    JsonObject answer = Response.status("ok");
    Optional<WorkspaceRecord> updated = workspaces.heartbeat(id, bound.heartbeat());
    answer.addProperty("generation", updated.map(r -> r.generation).orElse(0L));
    answer.addProperty("platform_inbound_secret", updated.map(r -> r.inboundSecret).orElse(""));
    updated.ifPresent(r -> events.heartbeat(id, bound.heartbeat()));
    updated.ifPresent(r -> beaten.accept(id, r.activeTasks));
    return Response.ok(answer);
  }

  /**
   * A push registration's URL: {@code url}, else {@code agent_card.url}; each one given is checked
   * against the platform's rules (400 with the reason).
   */
  private String pushUrl(JsonObject body, JsonObject card) {
    String url = Json.string(body, "url");
    String cardUrl = Json.string(card, "url");
    for (String given : new String[] {url, cardUrl}) {
      if (given != null && !given.isBlank()) {
        PushUrlRules.checkAtRegistration(given, push.devMode(), push.hosted());
      }
    }
    String chosen = url != null && !url.isBlank() ? url : cardUrl;
    if (chosen == null || chosen.isBlank()) {
      throw HttpError.badRequest("push mode needs a url: send \"url\" (or agent_card.url) with \"delivery_mode\": \"push\"");
    }
    return chosen.strip();
  }

  /** The body as a JSON object, or the platform's bare 400 {@code invalid request body}. */
  private static JsonObject bodyOrInvalid(Request request) {
    try {
      return request.json();
    } catch (HttpError e) {
      throw HttpError.invalidBody();
    }
  }

  /**
   * Register and heartbeat: a workspace with a live token needs it as the bearer (401 otherwise);
   * one without (revoked, or not known yet) is let through, as the platform lets legacy ones.
   */
  private void authoriseFor(Request request, String workspaceId) {
    if (workspaces.hasLiveToken(workspaceId)) {
      Callers.requireSame(callers.caller(request), workspaceId);
    }
  }

  private Response updateCard(Request request) {
    String caller = callers.caller(request);
    JsonObject body = request.json();
    String id = Json.requiredString(body, "workspace_id");
    JsonObject card = agentCard(body);
    Callers.requireSame(caller, id);
    workspaces.updateCard(id, card);
    return Response.ok(Response.status("updated"));
  }

  private Response state(Request request) {
    String id = callers.owner(request);
    JsonObject state = Json.of("workspace_id", id);
    state.addProperty("status", workspaces.status(id).status());
    state.addProperty("paused", false);
    state.addProperty("deleted", false);
    return Response.ok(state);
  }

  /** No token needed: 410 once the workspace is removed, the signal for an agent that the operator must act. */
  private Response workspace(Request request) {
    String id = request.param("id");
    if (!workspaces.exists(id)) {
      throw HttpError.notFound("workspace not found");
    }
    if (workspaces.removed(id)) {
      JsonObject gone = Json.of("error", "workspace removed");
      gone.addProperty("id", id);
      return Response.json(410, gone);
    }
    WorkspaceStatus status = workspaces.status(id);
    JsonObject json = Json.of("id", id);
    json.addProperty("name", status.name());
    json.addProperty("status", status.status());
    return Response.ok(json);
  }

  private static JsonObject agentCard(JsonObject body) {
    JsonObject card = Json.optionalObject(body, "agent_card");
    if (card == null) {
      throw HttpError.badRequest("agent_card is required (a JSON object)");
    }
    return card;
  }
}
