package ai.molecule.host.status;

import ai.molecule.host.engine.WorkspaceObserver;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.tinylog.Logger;

/**
 * The status endpoint, for {@code connect} and {@code serve} alike (it only sees a {@link
 * StatusView}): {@code /healthz} (the process answers), {@code /readyz} (every workspace registered
 * and heartbeating; {@code ?strict} also fails on parked ones), {@code /metrics} (Prometheus text
 * format) and {@code /status} (every workspace as JSON, for {@code molecule status}). GET only, no
 * request bodies read.
 *
 * <p>It runs on an executor of its own, two threads and a short queue (a request beyond it has its
 * connection closed): the JDK server's default would run handlers on its one dispatcher thread, and
 * its tuning properties are JVM-wide, shared with an in-process sandbox (decisions.md).
 */
public final class StatusServer implements AutoCloseable {

  private static final int THREADS = 2;
  private static final int QUEUE = 16;

  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final StatusView view;
  private final OperatorMetrics metrics;
  private final Clock clock;

  private StatusServer(HttpServer server, StatusView view, OperatorMetrics metrics, Clock clock) {
    this.server = server;
    this.view = view;
    this.metrics = metrics;
    this.clock = clock;
    AtomicInteger count = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
        runnable -> {
          Thread thread = new Thread(runnable, "molecule-status-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    executor.allowCoreThreadTimeOut(true);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** Starts listening on {@code address}. */
  public static StatusServer start(InetSocketAddress address, StatusView view, OperatorMetrics metrics, Clock clock)
      throws IOException {
    StatusServer status = new StatusServer(HttpServer.create(address, QUEUE), view, metrics, clock);
    status.server.start();
    return status;
  }

  /** Where it listens (the port chosen, when 0 was asked for). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "only GET\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String query = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
      switch (exchange.getRequestURI().getPath()) {
        case "/healthz" -> send(exchange, 200, "text/plain; charset=utf-8", "ok\n".getBytes(StandardCharsets.UTF_8));
        case "/readyz" -> readiness(exchange, List.of(query.split("&")).contains("strict"));
        case "/status" -> send(exchange, 200, "application/json", json(status()));
        case "/metrics" -> {
          ByteArrayOutputStream body = new ByteArrayOutputStream();
          metrics.write(body);
          send(exchange, 200, metrics.contentType(), body.toByteArray());
        }
        default -> send(exchange, 404, "text/plain; charset=utf-8",
            "not found: /healthz, /readyz, /metrics and /status are served\n".getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException | RuntimeException e) {
      Logger.debug(e, "the status endpoint could not answer {}", exchange.getRequestURI());
    }
  }

  private void readiness(HttpExchange exchange, boolean strict) throws IOException {
    Instant now = clock.instant();
    List<WorkspaceStatus> all = view.workspaces();
    JsonArray notReady = new JsonArray();
    JsonArray parked = new JsonArray();
    for (WorkspaceStatus workspace : all) {
      workspace.notReady(now, strict).ifPresent(why -> notReady.add(entry(workspace, why)));
      if (workspace.state() == WorkspaceObserver.State.PARKED) {
        // Listed even when it does not fail readiness: the operator must act on it.
        parked.add(entry(workspace, workspace.reason()));
      }
    }
    boolean ready = !all.isEmpty() && notReady.isEmpty();
    JsonObject body = new JsonObject();
    body.addProperty("ready", ready);
    if (all.isEmpty()) {
      body.addProperty("reason", "no workspace has started yet");
    }
    body.add("not_ready", notReady);
    body.add("parked", parked);
    send(exchange, ready ? 200 : 503, "application/json", json(body));
  }

  private static JsonObject entry(WorkspaceStatus workspace, String reason) {
    JsonObject entry = new JsonObject();
    entry.addProperty("workspace", workspace.workspaceId());
    entry.addProperty("state", workspace.state().name().toLowerCase(java.util.Locale.ROOT));
    entry.addProperty("reason", reason);
    entry.addProperty("restarts", workspace.restarts());
    return entry;
  }

  /** Every workspace, as {@code molecule status} shows them. */
  private JsonObject status() {
    Instant now = clock.instant();
    JsonArray list = new JsonArray();
    for (WorkspaceStatus workspace : view.workspaces()) {
      JsonObject entry = new JsonObject();
      entry.addProperty("workspace", workspace.workspaceId());
      entry.addProperty("state", workspace.state().name().toLowerCase(java.util.Locale.ROOT));
      entry.addProperty("reason", workspace.reason());
      entry.addProperty("since", workspace.since().toString());
      entry.addProperty("ready", workspace.notReady(now, false).isEmpty());
      entry.addProperty("restarts", workspace.restarts());
      if (workspace.lastHeartbeat() != null) {
        entry.addProperty("last_heartbeat", workspace.lastHeartbeat().toString());
      }
      if (workspace.lastPoll() != null) {
        entry.addProperty("last_poll", workspace.lastPoll().toString());
      }
      list.add(entry);
    }
    JsonObject body = new JsonObject();
    body.addProperty("now", now.toString());
    body.add("workspaces", list);
    return body;
  }

  private static byte[] json(JsonObject body) {
    return (body + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Stops listening; a request under way gets a second to finish. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }
}
