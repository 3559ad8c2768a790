package ai.molecule.sandbox;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The platform's A2A queue for push workspaces: bodies whose delivery timed out or lost its
 * connection (the same body again: same {@code id}, same {@code messageId}), and system turns.
 * Drained on the workspace's heartbeat while {@code active_tasks} is below
 * {@code max_concurrent_tasks} (default 1); at most {@value #MAX_ATTEMPTS} attempts each.
 * Thread-safe.
 */
final class PushQueue {

  static final int MAX_ATTEMPTS = 5;
  static final int DEFAULT_MAX_CONCURRENT = 1;
  private static final int ITEMS_KEPT = 10_000;
  /** Postgres text, as the queue endpoint shows times. */
  private static final DateTimeFormatter POSTGRES =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS'+00'").withZone(ZoneOffset.UTC);

  /** Who is waiting for a queued body's answer. */
  enum Origin { AGENT, CANVAS, PEER, SYSTEM }

  /** One queued body; changed under the queue's lock. */
  static final class Item {
    final String queueId = Tokens.newId();
    final String workspaceId;
    final String callerId;
    final JsonObject body;
    final Origin origin;
    final String rowId;
    final Instant enqueuedAt;
    /** Dispatches so far, the first (direct) one included. */
    int dispatches;
    /** Dispatches made from the queue. */
    int attempts;
    String status = "queued";
    String lastError;
    JsonObject responseBody;

    Item(String workspaceId, String callerId, JsonObject body, Origin origin, String rowId, int dispatches,
        Instant enqueuedAt) {
      this.workspaceId = workspaceId;
      this.callerId = callerId;
      this.body = body.deepCopy();
      this.origin = origin;
      this.rowId = rowId;
      this.dispatches = dispatches;
      this.enqueuedAt = enqueuedAt;
    }

    String messageId() {
      return Json.string(A2aRequests.messageOf(body), "messageId");
    }
  }

  private final Map<String, Item> items = new LinkedHashMap<>();
  private final Map<String, Integer> maxConcurrent = new HashMap<>();

  synchronized Item add(Item item) {
    items.put(item.queueId, item);
    while (items.size() > ITEMS_KEPT) {
      items.remove(items.keySet().iterator().next());
    }
    return item;
  }

  /** The items to dispatch now for a heartbeat with {@code activeTasks}; they are marked dispatched. */
  synchronized List<Item> drain(String workspaceId, int activeTasks) {
    int room = maxConcurrent.getOrDefault(workspaceId, DEFAULT_MAX_CONCURRENT) - activeTasks;
    List<Item> taken = new ArrayList<>();
    for (Item item : items.values()) {
      if (taken.size() >= room) {
        break;
      }
      if (item.workspaceId.equals(workspaceId) && item.status.equals("queued")) {
        item.status = "dispatched";
        item.attempts++;
        item.dispatches++;
        taken.add(item);
      }
    }
    return taken;
  }

  /** A queue attempt failed: queued again, or failed after the last attempt. */
  synchronized void failed(Item item, String error) {
    item.lastError = error;
    item.status = item.attempts >= MAX_ATTEMPTS ? "failed" : "queued";
  }

  synchronized void completed(Item item, JsonObject response) {
    item.status = "completed";
    item.responseBody = response == null ? null : response.deepCopy();
  }

  /** How many items wait for the workspace's next heartbeat. */
  synchronized int depth(String workspaceId) {
    return (int) items.values().stream().filter(i -> i.workspaceId.equals(workspaceId) && i.status.equals("queued"))
        .count();
  }

  synchronized void maxConcurrent(String workspaceId, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max_concurrent_tasks is 1 or more, not " + max);
    }
    maxConcurrent.put(workspaceId, max);
  }

  synchronized Optional<Item> find(String queueId) {
    return Optional.ofNullable(items.get(queueId));
  }

  /** {@code GET /workspaces/<id>/a2a/queue/<queue_id>}'s answer. */
  synchronized JsonObject toJson(Item item) {
    JsonObject json = new JsonObject();
    json.addProperty("queue_id", item.queueId);
    json.addProperty("workspace_id", item.workspaceId);
    json.addProperty("caller_id", item.callerId);
    json.addProperty("status", item.status);
    json.addProperty("attempts", item.attempts);
    json.addProperty("last_error", item.lastError);
    json.addProperty("enqueued_at", POSTGRES.format(item.enqueuedAt));
    if (item.status.equals("completed") && item.responseBody != null) {
      json.add("response_body", item.responseBody.deepCopy());
    }
    return json;
  }
}
