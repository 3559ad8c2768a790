package ai.molecule.sandbox;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A push-mode agent standing in for {@code molecule connect --mode push}, written from
 * platform-api.md alone: it records every request it gets and answers as its {@link Responder}
 * says (by default a JSON-RPC result echoing the text).
 */
final class PushAgent implements AutoCloseable {

  /** One request the agent received. */
  record Received(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    JsonObject json() {
      return JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** What the agent answers. */
  record Out(int status, String contentType, byte[] body, Map<String, String> headers) {
    static Out json(int status, JsonObject body) {
      return new Out(status, "application/json", body.toString().getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static Out raw(int status, String body) {
      return new Out(status, "text/plain", body.getBytes(StandardCharsets.UTF_8), Map.of());
    }
  }

  @FunctionalInterface
  interface Responder {
    Out respond(Received request) throws InterruptedException;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "push-agent");
    thread.setDaemon(true);
    return thread;
  });
  private final BlockingQueue<Received> arrivals = new LinkedBlockingQueue<>();
  private final List<Received> all = new CopyOnWriteArrayList<>();
  private volatile Responder responder = PushAgent::echo;

  PushAgent() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** {@code http://127.0.0.1:<port>/molecule}: a URL with a path, so "exactly the URL" is checked. */
  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/molecule");
  }

  int port() {
    return server.getAddress().getPort();
  }

  PushAgent answering(Responder next) {
    responder = next;
    return this;
  }

  /** The next request to arrive (or already arrived and not taken yet), within 10 s. */
  Received next() throws InterruptedException {
    Received received = arrivals.poll(10, TimeUnit.SECONDS);
    if (received == null) {
      throw new AssertionError("the agent received no request within 10 s");
    }
    return received;
  }

  /** Every request so far, oldest first. */
  List<Received> received() {
    return List.copyOf(all);
  }

  /** A JSON-RPC result whose one text part is {@code echo: <the message's first text>}. */
  static Out echo(Received request) {
    return Out.json(200, result(request, "echo: " + firstText(request.json())));
  }

  static JsonObject result(Received request, String text) {
    return PushTargets.jsonRpc(PushAnswer.result(text), request.json());
  }

  static String firstText(JsonObject request) {
    return A2aRequests.messageOf(request).getAsJsonArray("parts").get(0).getAsJsonObject().get("text").getAsString();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Received received = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
          exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()),
          exchange.getRequestBody().readAllBytes());
      all.add(received);
      arrivals.add(received);
      Out out = responder.respond(received);
      out.headers().forEach(exchange.getResponseHeaders()::set);
      if (out.contentType() != null) {
        exchange.getResponseHeaders().set("Content-Type", out.contentType());
      }
      exchange.sendResponseHeaders(out.status(), out.body().length == 0 ? -1 : out.body().length);
      if (out.body().length > 0) {
        try (OutputStream body = exchange.getResponseBody()) {
          body.write(out.body());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the sandbox hung up first (a dropped or abandoned dispatch): nobody is left to answer
    }
  }

  static Duration patience() {
    return Duration.ofSeconds(10);
  }
}
