package ai.molecule.backend.claude;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for the Anthropic Messages API, enough for the real Claude Code CLI to run a
 * turn against it: {@code HEAD /api/hello}, and {@code POST /v1/messages}, streamed (SSE) or not.
 * It answers {@code turn N: <the last user text>}, N counting the user's texts in the request, so
 * continuity shows in the answer. A text starting with {@code tool:} first asks for a {@code Read}
 * of {@link #OUTSIDE_FILE}, which the default permission mode refuses. It can fail on demand and
 * records every messages request so a test can read what the CLI sent. Loopback only.
 */
final class AnthropicStandIn implements AutoCloseable {

  /** A file outside any working directory a test gives Claude. */
  static final String OUTSIDE_FILE = "/etc/hostname";

  /** One messages request: its body as the CLI sent it. */
  record Request(JsonObject body) {

    /** Every user text in it (tool results aside), in order. */
    List<String> userTexts() {
      List<String> texts = new ArrayList<>();
      for (JsonElement message : body.getAsJsonArray("messages")) {
        JsonObject object = message.getAsJsonObject();
        if (!"user".equals(object.get("role").getAsString())) {
          continue;
        }
        JsonElement content = object.get("content");
        if (content.isJsonPrimitive()) {
          texts.add(content.getAsString());
          continue;
        }
        for (JsonElement block : content.getAsJsonArray()) {
          JsonObject b = block.getAsJsonObject();
          if ("text".equals(b.get("type").getAsString()) && !b.get("text").getAsString().startsWith("<")) {
            texts.add(b.get("text").getAsString());
          }
        }
      }
      return texts;
    }

    boolean hasToolResult() {
      return body.toString().contains("\"tool_result\"");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Request> requests = new ArrayList<>();
  private final Deque<Integer> failures = new ArrayDeque<>();
  private volatile int failAlways;
  private final AtomicInteger ids = new AtomicInteger();

  private AnthropicStandIn(HttpServer server) {
    this.server = server;
  }

  static AnthropicStandIn start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      AnthropicStandIn api = new AnthropicStandIn(server);
      server.createContext("/", api::handle);
      server.setExecutor(api.executor);
      server.start();
      return api;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What to give the CLI as {@code ANTHROPIC_BASE_URL}. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The next {@code times} messages requests fail with {@code status}. */
  synchronized void failNext(int status, int times) {
    for (int i = 0; i < times; i++) {
      failures.add(status);
    }
  }

  /** Every messages request fails with {@code status} (0: none does). */
  void failAlways(int status) {
    failAlways = status;
  }

  /** The messages requests so far, failed ones included. */
  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] in = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      if (exchange.getRequestMethod().equals("HEAD") || !path.equals("/v1/messages")) {
        exchange.sendResponseHeaders(path.equals("/api/hello") ? 200 : 404, -1);
        return;
      }
      Request request = new Request(JsonParser.parseString(new String(in, StandardCharsets.UTF_8)).getAsJsonObject());
      int failure = record(request);
      if (failure != 0) {
        fail(exchange, failure);
      } else if (request.body().has("stream") && request.body().get("stream").getAsBoolean()) {
        stream(exchange, request);
      } else {
        send(exchange, 200, "application/json", message(request).toString());
      }
    }
  }

  private synchronized int record(Request request) {
    requests.add(request);
    Integer next = failures.poll();
    return next != null ? next : failAlways;
  }

  private static void fail(HttpExchange exchange, int status) throws IOException {
    String type = switch (status) {
      case 401 -> "authentication_error";
      case 529 -> "overloaded_error";
      default -> "api_error";
    };
    JsonObject error = new JsonObject();
    error.addProperty("type", type);
    error.addProperty("message", type);
    JsonObject body = new JsonObject();
    body.addProperty("type", "error");
    body.add("error", error);
    send(exchange, status, "application/json", body.toString());
  }

  /** The whole answer, as the non-streaming API gives it. */
  private JsonObject message(Request request) {
    JsonObject message = new JsonObject();
    message.addProperty("id", "msg_standin_" + ids.incrementAndGet());
    message.addProperty("type", "message");
    message.addProperty("role", "assistant");
    message.addProperty("model", request.body().get("model").getAsString());
    JsonArray content = new JsonArray();
    content.add(content(request));
    message.add("content", content);
    message.addProperty("stop_reason", content.get(0).getAsJsonObject().get("type").getAsString().equals("tool_use")
        ? "tool_use" : "end_turn");
    message.add("stop_sequence", null);
    message.add("usage", usage(1000, 5));
    return message;
  }

  private static JsonObject content(Request request) {
    List<String> texts = request.userTexts();
    String last = texts.isEmpty() ? "" : texts.get(texts.size() - 1);
    JsonObject block = new JsonObject();
    if (last.startsWith("tool:") && !request.hasToolResult()) {
      block.addProperty("type", "tool_use");
      block.addProperty("id", "toolu_standin_" + texts.size());
      block.addProperty("name", "Read");
      JsonObject input = new JsonObject();
      input.addProperty("file_path", OUTSIDE_FILE);
      block.add("input", input);
    } else {
      block.addProperty("type", "text");
      block.addProperty("text", "turn " + texts.size() + ": " + last);
    }
    return block;
  }

  /** The same answer as server-sent events. */
  private void stream(HttpExchange exchange, Request request) throws IOException {
    JsonObject message = message(request);
    JsonObject block = message.getAsJsonArray("content").get(0).getAsJsonObject();
    JsonObject start = message.deepCopy();
    start.add("content", new JsonArray());
    start.add("stop_reason", null);
    StringBuilder sse = new StringBuilder();
    event(sse, "message_start", object("message", start));
    JsonObject empty = block.deepCopy();
    JsonObject delta = new JsonObject();
    if (block.get("type").getAsString().equals("tool_use")) {
      empty.add("input", new JsonObject());
      delta.addProperty("type", "input_json_delta");
      delta.addProperty("partial_json", block.get("input").toString());
    } else {
      empty.addProperty("text", "");
      delta.addProperty("type", "text_delta");
      delta.addProperty("text", block.get("text").getAsString());
    }
    JsonObject blockStart = object("content_block", empty);
    blockStart.addProperty("index", 0);
    event(sse, "content_block_start", blockStart);
    JsonObject blockDelta = object("delta", delta);
    blockDelta.addProperty("index", 0);
    event(sse, "content_block_delta", blockDelta);
    JsonObject blockStop = new JsonObject();
    blockStop.addProperty("index", 0);
    event(sse, "content_block_stop", blockStop);
    JsonObject stop = new JsonObject();
    stop.addProperty("stop_reason", message.get("stop_reason").getAsString());
    stop.add("stop_sequence", null);
    JsonObject messageDelta = object("delta", stop);
    messageDelta.add("usage", usage(0, 5));
    event(sse, "message_delta", messageDelta);
    event(sse, "message_stop", new JsonObject());
    send(exchange, 200, "text/event-stream", sse.toString());
  }

  private static void event(StringBuilder sse, String type, JsonObject data) {
    data.addProperty("type", type);
    sse.append("event: ").append(type).append('\n').append("data: ").append(data).append("\n\n");
  }

  private static JsonObject object(String key, JsonElement value) {
    JsonObject object = new JsonObject();
    object.add(key, value);
    return object;
  }

  private static JsonObject usage(int input, int output) {
    JsonObject usage = new JsonObject();
    usage.addProperty("input_tokens", input);
    usage.addProperty("output_tokens", output);
    usage.addProperty("cache_creation_input_tokens", 0);
    usage.addProperty("cache_read_input_tokens", 0);
    return usage;
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("request-id", "req_standin");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
