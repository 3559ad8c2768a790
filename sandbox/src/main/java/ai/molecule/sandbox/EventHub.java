package ai.molecule.sandbox;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The platform's event bus as {@code GET /workspaces/<id>/events/stream} sees it: a doorbell, not
 * a queue. Each open stream has a buffer of {@value #BUFFER} events; a reader that falls behind
 * loses what does not fit. Thread-safe.
 */
final class EventHub {

  static final int BUFFER = 64;

  /** One event as the stream writes it: {@code data: {"type":…,"timestamp":…,"data":{…}}}. */
  record Event(String type, long timestamp, JsonObject data) {
    String line() {
      JsonObject event = new JsonObject();
      event.addProperty("type", type);
      event.addProperty("timestamp", timestamp);
      event.add("data", data);
      return "data: " + event + "\n\n";
    }
  }

  /**
   * One open stream's buffer, guarded by itself: a publish wakes only the streams of its
   * workspace, not every writer of the sandbox (a hundred open streams would all wake for each
   * event and queue for one lock).
   */
  static final class Subscription {
    final String workspaceId;
    private final Deque<Event> queue = new ArrayDeque<>();
    private long dropped;
    private boolean closed;

    Subscription(String workspaceId) {
      this.workspaceId = workspaceId;
    }

    private synchronized void offer(Event event) {
      if (queue.size() < BUFFER) {
        queue.addLast(event);
      } else {
        dropped++;
      }
      notifyAll();
    }

    private synchronized void close() {
      closed = true;
      notifyAll();
    }

    private synchronized void wake() {
      notifyAll();
    }

    private synchronized Event next(long millis, EventHub hub) throws InterruptedException {
      long deadline = System.nanoTime() + millis * 1_000_000;
      while (!closed && (hub.stalled || queue.isEmpty())) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return null;
        }
        wait(left);
      }
      return closed ? null : queue.pollFirst();
    }

    private synchronized boolean closed() {
      return closed;
    }

    private synchronized long dropped() {
      return dropped;
    }
  }

  private final Map<String, Set<Subscription>> open = new HashMap<>();
  private final Clock clock;
  private volatile boolean offered = true;
  private volatile boolean stalled;

  EventHub(Clock clock) {
    this.clock = clock;
  }

  synchronized Subscription subscribe(String workspaceId) {
    Subscription subscription = new Subscription(workspaceId);
    open.computeIfAbsent(workspaceId, id -> new LinkedHashSet<>()).add(subscription);
    return subscription;
  }

  synchronized void unsubscribe(Subscription subscription) {
    subscription.close();
    Set<Subscription> set = open.get(subscription.workspaceId);
    if (set != null) {
      set.remove(subscription);
      if (set.isEmpty()) {
        open.remove(subscription.workspaceId);
      }
    }
  }

  /**
   * The stream's next event, waiting up to {@code millis}; {@code null} when none came or the
   * stream closed. While the hub is stalled nothing is handed out.
   */
  Event next(Subscription subscription, long millis) throws InterruptedException {
    return subscription.next(millis, this);
  }

  boolean closed(Subscription subscription) {
    return subscription.closed();
  }

  /** How many events the stream lost to a full buffer. */
  long dropped(Subscription subscription) {
    return subscription.dropped();
  }

  /** {@code ACTIVITY_LOGGED}: a row written through the activity path, without its id, seq or time. */
  void activity(FeedRow row) {
    JsonObject data = new JsonObject();
    data.addProperty("activity_type", row.activityType());
    data.addProperty("method", row.method());
    data.addProperty("summary", row.summary());
    data.addProperty("status", row.status());
    data.addProperty("source_id", row.sourceId());
    data.addProperty("target_id", row.targetId());
    data.add("request_body", row.requestBody() == null ? null : row.requestBody().deepCopy());
    data.add("response_body", row.responseBody() == null ? null : row.responseBody().deepCopy());
    data.addProperty("message_id", row.messageId());
    publish(row.workspaceId(), "ACTIVITY_LOGGED", data);
  }

  /** {@code WORKSPACE_HEARTBEAT}: each heartbeat of the workspace. */
  void heartbeat(String workspaceId, Heartbeat beat) {
    JsonObject data = new JsonObject();
    data.addProperty("workspace_id", workspaceId);
    data.addProperty("active_tasks", beat.activeTasks());
    data.addProperty("current_task", beat.currentTask());
    data.addProperty("error_rate", beat.errorRate());
    data.addProperty("runtime_state", beat.runtimeState());
    publish(workspaceId, "WORKSPACE_HEARTBEAT", data);
  }

  /** {@code AGENT_MESSAGE}: a notify of the workspace. */
  void agentMessage(String workspaceId, String message, List<Reply.Attachment> attachments) {
    JsonObject data = new JsonObject();
    data.addProperty("workspace_id", workspaceId);
    data.addProperty("message", message);
    JsonArray files = new JsonArray();
    attachments.forEach(a -> files.add(a.toJson()));
    data.add("attachments", files);
    publish(workspaceId, "AGENT_MESSAGE", data);
  }

  /** Closes every open stream now, as a proxy or a restarting platform does. */
  synchronized void dropAll() {
    new ArrayList<>(open.values()).forEach(set -> new ArrayList<>(set).forEach(this::unsubscribe));
  }

  /** While stalled, open streams stay open and send nothing; their buffers fill and then drop. */
  synchronized void stall(boolean stall) {
    stalled = stall;
    open.values().forEach(set -> set.forEach(Subscription::wake));
  }

  /** When not offered, {@code events/stream} answers 404, as a platform without it does. */
  void offer(boolean offer) {
    offered = offer;
  }

  boolean offered() {
    return offered;
  }

  synchronized int openStreams() {
    return open.values().stream().mapToInt(Set::size).sum();
  }

  private synchronized void publish(String workspaceId, String type, JsonObject data) {
    Set<Subscription> set = open.get(workspaceId);
    if (set == null || set.isEmpty()) {
      return;
    }
    Event event = new Event(type, clock.millis(), data);
    // The hub's lock, then a stream's: never the other way round (a stream's methods take only its own).
    set.forEach(subscription -> subscription.offer(event));
  }
}
