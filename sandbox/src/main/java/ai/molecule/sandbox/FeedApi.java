package ai.molecule.sandbox;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * A workspace's feed endpoints: {@code GET /activity} (with its filters and {@code peer_info}),
 * {@code POST /activity}, {@code POST /activity/ack} and {@code GET /events/stream}.
 */
final class FeedApi {

  /** The activity types an agent may log itself, as the platform accepts them. */
  private static final Set<String> LOGGABLE = Set.of(
      "a2a_send", "a2a_receive", "task_update", "agent_log", "skill_promotion", "memory_write", "error");
  private static final Set<String> STATUSES = Set.of("ok", "error", "timeout");

  private final WorkspaceBook workspaces;
  private final ActivityFeed feed;
  private final Callers callers;
  private final EventHub events;
  private final PeerInfo peerInfo;
  private final Clock clock;

  FeedApi(WorkspaceBook workspaces, ActivityFeed feed, Callers callers, EventHub events, URI platform,
      Clock clock) {
    this.workspaces = workspaces;
    this.feed = feed;
    this.callers = callers;
    this.events = events;
    this.peerInfo = new PeerInfo(workspaces, platform);
    this.clock = clock;
  }

  void addRoutes(Router router) {
    router.add("GET", "/workspaces/{id}/activity", this::activity)
        .add("POST", "/workspaces/{id}/activity", this::logActivity)
        .add("POST", "/workspaces/{id}/activity/ack", this::ack)
        .add("GET", "/workspaces/{id}/events/stream", this::stream);
  }

  private Response activity(Request request) {
    String id = callers.owner(request);
    String cursor = request.query("since_id");
    if (cursor != null && !Tokens.isUuid(cursor)) {
      // The platform hands the cursor to Postgres as a uuid and fails there: a 500, not a 400.
      throw new HttpError(500, "cursor lookup failed");
    }
    String source = request.query("source");
    if (source != null && !source.equals("canvas") && !source.equals("agent")) {
      throw HttpError.badRequest("source must be canvas or agent");
    }
    var query = new ActivityFeed.Query(id, request.query("type"), cursor, since(request.query("since_secs")),
        beforeTs(request.query("before_ts")), source, request.query("peer_id"), limit(request.query("limit")));
    boolean withPeers = "peer_info".equals(request.query("include"));
    return feed.query(query)
        .map(rows -> {
          JsonArray page = new JsonArray();
          rows.forEach(row -> page.add(withPeers ? peerInfo.added(row) : row.toJson()));
          return Response.ok(page);
        })
        .orElseGet(() -> Response.error(410,
            "the cursor row is gone (pruned, or not in this workspace's feed): poll again without since_id"));
  }

  private Response logActivity(Request request) {
    String id = callers.owner(request);
    JsonObject body = request.json();
    String type = Json.requiredString(body, "activity_type");
    if (!LOGGABLE.contains(type)) {
      throw HttpError.badRequest("invalid activity_type, must be one of: "
          + String.join(", ", LOGGABLE.stream().sorted().toList()));
    }
    String source = Json.optionalString(body, "source_id", "");
    if (!source.isEmpty() && !source.equals(id)) {
      throw new HttpError(403, "source_id must match the authenticated workspace");
    }
    String status = Json.optionalString(body, "status", "ok");
    if (!STATUSES.contains(status)) {
      throw HttpError.badRequest("status must be ok, error or timeout");
    }
    Long duration = body.has("duration_ms") && !body.get("duration_ms").isJsonNull()
        ? Json.integer(body, "duration_ms") : null;
    JsonObject requestBody = Json.optionalObject(body, "request_body");
    feed.append(FeedRow.draft(id, type, id,
        Json.optionalString(body, "target_id", null),
        Json.optionalString(body, "method", null),
        Json.optionalString(body, "summary", null),
        status,
        requestBody != null ? requestBody : Json.optionalObject(body, "metadata"),
        Json.optionalObject(body, "response_body"))
        .withDetail(duration, Json.optionalString(body, "error_detail", null)));
    return Response.ok(Response.status("logged"));
  }

  private Response ack(Request request) {
    String id = callers.owner(request);
    JsonObject body = request.json();
    if (!body.has("acked_seq") || body.get("acked_seq").isJsonNull()) {
      throw HttpError.badRequest("acked_seq is required");
    }
    long acked;
    try {
      acked = Json.integer(body, "acked_seq");
    } catch (HttpError e) {
      throw HttpError.invalidBody();
    }
    if (acked < 0) {
      throw HttpError.badRequest("acked_seq must be >= 0");
    }
    JsonObject answer = new JsonObject();
    answer.addProperty("last_acked_seq", feed.ack(id, acked));
    return Response.ok(answer);
  }

  private Response stream(Request request) {
    String id = request.param("id");
    if (!events.offered() || !workspaces.exists(id)) {
      throw HttpError.notFound("workspace " + id + " not found");
    }
    callers.owner(request);
    return Response.stream(events.subscribe(id));
  }

  /** {@code since_secs}: positive and at most 30 days, else 400. */
  private Instant since(String text) {
    if (text == null) {
      return null;
    }
    long seconds;
    try {
      seconds = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    if (seconds <= 0 || seconds > ActivityFeed.MAX_RETENTION.toSeconds()) {
      throw HttpError.badRequest("since_secs must be a positive number of seconds, at most 30 days");
    }
    return clock.instant().minus(Duration.ofSeconds(seconds));
  }

  private static Instant beforeTs(String text) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw HttpError.badRequest("before_ts must be an RFC 3339 time");
    }
  }

  /** The platform's reading of {@code limit}: 100 unless a positive number, at most 500. */
  private static int limit(String text) {
    if (text == null) {
      return ActivityFeed.DEFAULT_LIMIT;
    }
    try {
      long limit = Long.parseLong(text.trim());
      return limit <= 0 ? ActivityFeed.DEFAULT_LIMIT : (int) Math.min(limit, ActivityFeed.MAX_LIMIT);
    } catch (NumberFormatException e) {
      return ActivityFeed.DEFAULT_LIMIT;
    }
  }
}
