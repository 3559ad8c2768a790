package ai.molecule.sandbox;

import ai.molecule.spi.Part;
import ai.molecule.wire.Answers;
import ai.molecule.wire.JsonRpc;
import ai.molecule.wire.Parts;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Messages to push workspaces, delivered the way the platform delivers them: an agent's
 * {@code /a2a} call dispatched while the caller waits; the operator's canvas and peer messages
 * dispatched on a thread of their own (the canvas gets {@code push-async} after 90 s on the
 * sandbox's clock, and the answer shows on the canvas when it comes); system turns through the
 * queue. A timeout or a dropped connection queues the same body, re-delivered on the workspace's
 * heartbeats. Each exchange is recorded in the workspace's own feed: the row at receipt, the
 * answer added to it. Thread-safe.
 */
final class PushDeliveries implements AutoCloseable {

  /** How long a canvas caller waits before it gets {@code push-async}. */
  static final Duration CANVAS_CAP = Duration.ofSeconds(90);
  private static final int MAX_THREADS = 256;
  private static final int CANVAS_KEPT = 10_000;
  static final String UNREACHABLE = "failed to reach workspace agent";

  /** What an agent's {@code /a2a} call gets, and a word for the call record. */
  record Answered(Response response, String outcome) {}

  private static final class CanvasEntry {
    final Instant startedAt;
    CanvasDelivery delivery;

    CanvasEntry(Instant startedAt, CanvasDelivery delivery) {
      this.startedAt = startedAt;
      this.delivery = delivery;
    }
  }

  private final WorkspaceBook workspaces;
  private final ActivityFeed feed;
  private final Conversations conversations;
  private final PushDispatcher dispatcher;
  private final PushQueue queue;
  private final Clock clock;
  private final ThreadPoolExecutor executor;
  private final Map<String, CanvasEntry> canvas = new LinkedHashMap<>();

  PushDeliveries(WorkspaceBook workspaces, ActivityFeed feed, Conversations conversations, PushDispatcher dispatcher,
      PushQueue queue, Clock clock) {
    this.workspaces = workspaces;
    this.feed = feed;
    this.conversations = conversations;
    this.dispatcher = dispatcher;
    this.queue = queue;
    this.clock = clock;
    AtomicInteger count = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(0, MAX_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
      Thread thread = new Thread(runnable, "sandbox-push-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Whether messages to the workspace are pushed to its URL: registered in push mode, with one. */
  boolean isPush(String workspaceId) {
    if (!workspaces.exists(workspaceId)) {
      return false;
    }
    WorkspaceRecord record = workspaces.require(workspaceId);
    return !record.removed && "push".equals(record.deliveryMode) && record.pushUrl != null;
  }

  /**
   * An agent's {@code /a2a} call to a push workspace, its row already written: the agent's answer
   * as it came, a 202 when queued, or the platform's refusal.
   */
  Answered fromAgent(String callerId, String targetId, JsonObject body, FeedRow row) {
    WorkspaceRecord target = workspaces.require(targetId);
    PushDispatcher.Result result = dispatcher.post(targetId, URI.create(target.pushUrl), target.inboundSecret, body, 1);
    try {
      return answerAgent(callerId, targetId, body, row, result);
    } finally {
      dispatcher.settled(result.dispatch());
    }
  }

  private Answered answerAgent(String callerId, String targetId, JsonObject body, FeedRow row,
      PushDispatcher.Result result) {
    if (result.outcome().requeues()) {
      PushQueue.Item item = queue.add(new PushQueue.Item(targetId, callerId, body, PushQueue.Origin.AGENT, row.id(), 1,
          clock.instant()));
      return new Answered(Response.json(202, queuedBody(item)), "requeued");
    }
    answerRow(row.id(), result);
    if (result.outcome() == PushDispatch.Outcome.ANSWERED) {
      AgentConnection.Answer answer = result.answer();
      return new Answered(new Response(answer.status(), Response.JSON, answer.body(), Map.of(), false, null), "pushed");
    }
    return new Answered(failure(result), result.outcome().name().toLowerCase(java.util.Locale.ROOT));
  }

  /** The operator's message (a human on the canvas, or the peer), its row already written, dispatched now. */
  void fromOperator(SentMessage sent, FeedRow row) {
    PushQueue.Origin origin = sent.sender() == Sender.HUMAN ? PushQueue.Origin.CANVAS : PushQueue.Origin.PEER;
    if (origin == PushQueue.Origin.CANVAS) {
      synchronized (this) {
        canvas.put(sent.messageId(), new CanvasEntry(clock.instant(), new CanvasDelivery(sent.messageId(),
            sent.workspaceId(), CanvasDelivery.State.DISPATCHING, 0, null)));
        while (canvas.size() > CANVAS_KEPT) {
          canvas.remove(canvas.keySet().iterator().next());
        }
      }
    }
    String targetId = sent.workspaceId();
    JsonObject body = row.requestBody();
    run(() -> {
      WorkspaceRecord target = workspaces.require(targetId);
      PushDispatcher.Result result = dispatcher.post(targetId, URI.create(target.pushUrl), target.inboundSecret, body,
          1);
      try {
        if (result.outcome().requeues()) {
          PushQueue.Item item = queue.add(new PushQueue.Item(targetId, null, body, origin, row.id(), 1, clock.instant()));
          callerGets(sent.messageId(), CanvasDelivery.State.QUEUED, 202, queuedBody(item).toString());
        } else {
          settle(origin, sent.messageId(), row.id(), result, null);
        }
      } finally {
        dispatcher.settled(result.dispatch());
      }
    }, () -> callerGets(sent.messageId(), CanvasDelivery.State.FAILED, 503,
        Json.of("error", "workspace agent busy").toString()));
  }

  /** A system turn written to a push workspace's feed: it goes through the queue. */
  void systemTurnWritten(FeedRow row) {
    if (row.systemMarker() != null && "message/send".equals(row.method()) && isPush(row.workspaceId())) {
      queue.add(new PushQueue.Item(row.workspaceId(), null, row.requestBody(), PushQueue.Origin.SYSTEM, row.id(), 0,
          clock.instant()));
    }
  }

  /** The workspace's heartbeat: queued bodies go out while it has room for them. */
  void heartbeat(String workspaceId, int activeTasks) {
    if (!isPush(workspaceId)) {
      return;
    }
    for (PushQueue.Item item : queue.drain(workspaceId, activeTasks)) {
      run(() -> {
        WorkspaceRecord target = workspaces.require(workspaceId);
        PushDispatcher.Result result = dispatcher.post(workspaceId, URI.create(target.pushUrl), target.inboundSecret,
            item.body, item.dispatches);
        try {
          settle(item.origin, item.messageId(), item.rowId, result, item);
        } finally {
          dispatcher.settled(result.dispatch());
        }
      }, () -> queue.failed(item, "workspace agent busy"));
    }
  }

  /** The clock's part: calls open 30 minutes are abandoned; canvas callers waiting 90 s get push-async. */
  void tick() {
    dispatcher.tick();
    Instant now = clock.instant();
    synchronized (this) {
      for (CanvasEntry entry : canvas.values()) {
        if (entry.delivery.state() == CanvasDelivery.State.DISPATCHING
            && Duration.between(entry.startedAt, now).compareTo(CANVAS_CAP) >= 0) {
          JsonObject async = Response.status("queued");
          async.addProperty("delivery_mode", "push-async");
          entry.delivery = entry.delivery.with(CanvasDelivery.State.PUSH_ASYNC, 200, async.toString());
        }
      }
    }
  }

  /** The workspace's canvas deliveries not answered yet, failed ones included, oldest first. */
  synchronized List<CanvasDelivery> unanswered(String workspaceId) {
    return canvas.values().stream().map(entry -> entry.delivery)
        .filter(d -> d.workspaceId().equals(workspaceId) && d.state() != CanvasDelivery.State.ANSWERED).toList();
  }

  synchronized Optional<CanvasDelivery> canvasDelivery(String messageId) {
    return Optional.ofNullable(canvas.get(messageId)).map(entry -> entry.delivery);
  }

  @Override
  public void close() {
    executor.shutdownNow();
    dispatcher.close();
  }

  /**
   * A finished attempt for a waiting canvas, the peer, or a system turn: the answer recorded and
   * shown; a queue item completed, or queued again after a failure until its attempts run out.
   */
  private void settle(PushQueue.Origin origin, String messageId, String rowId, PushDispatcher.Result result,
      PushQueue.Item item) {
    JsonObject answer = result.outcome() == PushDispatch.Outcome.ANSWERED ? Json.objectOrNull(result.answer().body()) : null;
    if (result.outcome() == PushDispatch.Outcome.ANSWERED) {
      if (item != null) {
        queue.completed(item, answer);
      }
      answerRow(rowId, result);
      List<Part> message = answer == null ? null : answerParts(answer);
      // The state first: whoever the reply wakes sees the delivery answered.
      callerGets(messageId, message != null ? CanvasDelivery.State.ANSWERED : CanvasDelivery.State.FAILED,
          result.answer().status(), new String(result.answer().body(), StandardCharsets.UTF_8));
      if (message != null && (origin == PushQueue.Origin.CANVAS || origin == PushQueue.Origin.PEER)) {
        conversations.recordAnswer(messageId, origin == PushQueue.Origin.CANVAS ? Reply.Kind.CANVAS : Reply.Kind.AGENT,
            Parts.text(message), Mailroom.attachments(message), rowId, clock.instant());
      }
      return;
    }
    Response failure = failure(result);
    String error = new String(failure.body(), StandardCharsets.UTF_8);
    if (item != null) {
      queue.failed(item, result.outcome().name().toLowerCase(java.util.Locale.ROOT) + ": " + error);
      if (item.status.equals("failed")) {
        answerRow(rowId, result);
        callerGets(messageId, CanvasDelivery.State.FAILED, failure.status(), error);
      }
      return;
    }
    answerRow(rowId, result);
    callerGets(messageId, CanvasDelivery.State.FAILED, failure.status(), error);
  }

  /**
   * A canvas delivery moves on. The canvas's call has one answer: once it got one (push-async, a
   * 202), later states keep it.
   */
  private synchronized void callerGets(String messageId, CanvasDelivery.State state, int status, String body) {
    CanvasEntry entry = canvas.get(messageId);
    if (entry == null) {
      return;
    }
    boolean waiting = entry.delivery.callerStatus() == 0;
    entry.delivery = entry.delivery.with(state, waiting ? status : entry.delivery.callerStatus(),
        waiting ? body : entry.delivery.callerAnswer());
  }

  /** The exchange in the workspace's own feed: the answer (or the error the sender got) on the row. */
  private void answerRow(String rowId, PushDispatcher.Result result) {
    JsonObject body = result.outcome() == PushDispatch.Outcome.ANSWERED ? Json.objectOrNull(result.answer().body()) : null;
    if (body == null) {
      body = Json.objectOrNull(failure(result).body());
    }
    feed.answer(rowId, body);
  }

  /** What the sender gets for an attempt that brought no answer to pass on. */
  static Response failure(PushDispatcher.Result result) {
    return switch (result.outcome()) {
      case ERROR_STATUS -> Response.error(result.answer().status(), errorText(result.answer()));
      case EMPTY_ANSWER, ANSWERED -> Response.ok(Json.of("error", "agent returned empty response body"));
      case NOT_ROUTABLE -> Response.error(502, PushUrlRules.NOT_ROUTABLE);
      case REFUSED, TOO_LARGE, TIMED_OUT, DROPPED, IN_FLIGHT -> Response.error(502, UNREACHABLE);
    };
  }

  /** The agent's body's {@code error} string, else the status text. */
  private static String errorText(AgentConnection.Answer answer) {
    JsonObject body = Json.objectOrNull(answer.body());
    JsonElement error = body == null ? null : body.get("error");
    if (error != null && error.isJsonPrimitive()) {
      return error.getAsString();
    }
    return answer.reason().isEmpty() ? "HTTP " + answer.status() : answer.reason();
  }

  /**
   * The answer's parts, or {@code null} for a JSON-RPC error: the result's, else those of {@code
   * artifacts[0]} or {@code status.message}, as the canvas reads them.
   */
  private static List<Part> answerParts(JsonObject answer) {
    JsonObject result = JsonRpc.resultOf(answer);
    return JsonRpc.errorOf(answer).isPresent() || result == null ? null : Answers.parts(result);
  }

  private JsonObject queuedBody(PushQueue.Item item) {
    JsonObject queued = new JsonObject();
    queued.addProperty("queued", true);
    queued.addProperty("queue_id", item.queueId);
    queued.addProperty("queue_depth", queue.depth(item.workspaceId));
    return queued;
  }


  private void run(Runnable work, Runnable rejected) {
    try {
      executor.execute(() -> {
        try {
          work.run();
        } catch (RuntimeException e) {
          System.getLogger(PushDeliveries.class.getName()).log(System.Logger.Level.WARNING,
              "sandbox: a push delivery failed", e);
        }
      });
    } catch (RejectedExecutionException e) {
      rejected.run();
    }
  }

  /** Used by tests and the operator: every item ever queued for the workspace. */
  int queued(String workspaceId) {
    return queue.depth(workspaceId);
  }

  List<PushDispatch> dispatches() {
    return dispatcher.attempts();
  }
}
