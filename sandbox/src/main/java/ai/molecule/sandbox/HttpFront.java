package ai.molecule.sandbox;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one HTTP handler: reads a request, applies what stands in front of the platform (injected
 * faults, the CORS check, the rate limit and its headers, the org header, the body limit) or of the operator side (loopback names
 * only), routes it, and writes the answer. Every refusal is JSON with a reason.
 */
final class HttpFront implements HttpHandler {

  private static final System.Logger LOG = System.getLogger(HttpFront.class.getName());
  /** The most of an oversized body read away so that its 413 reaches the client. */
  private static final long DRAIN_LIMIT = 64L * 1024 * 1024;
  /** The routes a hosted platform serves without the org header. */
  private static final Set<String> ORG_FREE_PATHS = Set.of("/registry/register", "/registry/heartbeat");

  private final Router platform;
  private final Router operator;
  private final Faults faults;
  private final RateLimiter limiter;
  private final String orgId;
  private final long maxBodyBytes;
  private final Set<String> localHosts;
  private final EventStreams streams;

  HttpFront(Router platform, Router operator, Faults faults, RateLimiter limiter, SandboxOptions options, int port,
      EventStreams streams) {
    this.streams = streams;
    this.platform = platform;
    this.operator = operator;
    this.faults = faults;
    this.limiter = limiter;
    this.orgId = options.orgId();
    this.maxBodyBytes = options.maxBodyBytes();
    this.localHosts = Set.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port);
  }

  @Override
  public void handle(HttpExchange exchange) {
    boolean handedOver = false;
    try {
      Response response = answer(exchange);
      if (response.stream() != null) {
        response.headers().forEach(exchange.getResponseHeaders()::set);
        streams.serve(exchange, response.stream());
        handedOver = true;
      } else {
        write(exchange, response);
      }
    } catch (IOException clientGone) {
      // The client closed the connection first: nobody is left to answer.
    } finally {
      if (!handedOver) {
        exchange.close();
      }
    }
  }

  private Response answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    if (!isPlatformPath(path)) {
      return guarded(exchange, path, () -> operator(exchange, path));
    }
    Headers headers = exchange.getRequestHeaders();
    String origin = headers.getFirst("Origin");
    if (origin != null && !isSameHost(origin, headers.getFirst("Host"))) {
      return Response.empty(403); // the platform's CORS check, before anything else runs
    }
    Optional<Faults.Fault> fault = faults.take(path);
    if (fault.isPresent()) {
      switch (fault.get().kind()) {
        case DROP:
          return Response.hangUp();
        case FAIL:
          return injected(fault.get().status());
        case DELAY:
          try {
            Thread.sleep(fault.get().delay().toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.error(503, "the sandbox is shutting down");
          }
          break;
      }
    }
    if (!limiter.enabled()) {
      return guarded(exchange, path, () -> platform(exchange, path));
    }
    RateLimiter.Verdict verdict = limiter.acquire(RateLimiter.bucketOf(headers.getFirst("X-Molecule-Org-Id"),
        headers.getFirst("Authorization"), client(exchange)));
    Response response = verdict.allowed()
        ? guarded(exchange, path, () -> platform(exchange, path))
        : rateLimited(verdict.retryAfterSeconds());
    return response
        .withHeader("X-RateLimit-Limit", Integer.toString(verdict.limit()))
        .withHeader("X-RateLimit-Remaining", Long.toString(verdict.remaining()))
        .withHeader("X-RateLimit-Reset", Long.toString(verdict.resetEpochSecond()));
  }

  /** A handler's answer. */
  @FunctionalInterface
  private interface Answering {
    Response get() throws IOException, InterruptedException;
  }

  /** The one place refusals become JSON errors. */
  private Response guarded(HttpExchange exchange, String path, Answering answering) throws IOException {
    try {
      return answering.get();
    } catch (HttpError e) {
      return e.response();
    } catch (UnknownWorkspaceException e) {
      return Response.error(404, e.getMessage());
    } catch (IllegalArgumentException e) {
      return Response.error(400, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Response.error(503, "the sandbox is shutting down");
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "sandbox: " + exchange.getRequestMethod() + " " + path + " failed", e);
      return Response.error(500, "the sandbox failed on this request: " + e);
    }
  }

  private static boolean isPlatformPath(String path) {
    return path.startsWith("/registry/") || path.startsWith("/workspaces/");
  }

  /** {@code http(s)://<Host>}: the only origin a sandbox without an allow-list admits. */
  private static boolean isSameHost(String origin, String host) {
    return host != null
        && (origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host));
  }

  private Response platform(HttpExchange exchange, String path) throws IOException, InterruptedException {
    if (orgId != null && !ORG_FREE_PATHS.contains(path)) {
      String org = exchange.getRequestHeaders().getFirst("X-Molecule-Org-Id");
      if (org == null || org.isEmpty()) {
        return Response.error(400, "missing tenant routing header", "TENANT_ORG_HEADER_REQUIRED");
      }
      if (!orgId.equals(org)) {
        return Response.empty(404); // another tenant's routing: hosted platforms answer an empty 404
      }
    }
    return platform.dispatch(read(exchange, path));
  }

  private Response operator(HttpExchange exchange, String path) throws IOException, InterruptedException {
    Headers headers = exchange.getRequestHeaders();
    String host = headers.getFirst("Host");
    // Loopback names only, and no other origin: a web page elsewhere (or a DNS-rebound name) must
    // not drive the sandbox through the user's browser.
    if (host == null || !localHosts.contains(host.toLowerCase(Locale.ROOT))) {
      return Response.error(403, "the sandbox answers only as 127.0.0.1 or localhost, on its own port");
    }
    String origin = headers.getFirst("Origin");
    if (origin != null && !origin.equalsIgnoreCase("http://" + host)) {
      return Response.error(403, "requests from another origin are refused");
    }
    return operator.dispatch(read(exchange, path));
  }

  private Request read(HttpExchange exchange, String path) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      if (declared != null && parses(declared) && Long.parseLong(declared.trim()) > maxBodyBytes) {
        throw tooLarge(exchange, in);
      }
      body = in.readNBytes((int) Math.min(maxBodyBytes + 1, Integer.MAX_VALUE - 8));
      if (body.length > maxBodyBytes) {
        throw tooLarge(exchange, in);
      }
    }
    return new Request(exchange.getRequestMethod(), path,
        Request.parseQuery(exchange.getRequestURI().getRawQuery()), exchange.getRequestHeaders(), body,
        client(exchange), Map.of());
  }

  /**
   * A 413, after reading the rest of the body away: closing a connection with unread data resets
   * it, and the client would lose the answer. A body too large even for that closes the connection.
   */
  private HttpError tooLarge(HttpExchange exchange, InputStream in) throws IOException {
    byte[] sink = new byte[64 * 1024];
    long left = DRAIN_LIMIT;
    int n = 0;
    while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
      left -= n;
    }
    if (n >= 0) {
      exchange.getResponseHeaders().set("Connection", "close");
    }
    return new HttpError(413, "the request body is larger than " + maxBodyBytes + " bytes");
  }

  private static boolean parses(String number) {
    try {
      Long.parseLong(number.trim());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String client(HttpExchange exchange) {
    return exchange.getRemoteAddress().getAddress().getHostAddress();
  }

  static Response rateLimited(long seconds) {
    JsonObject body = Json.of("error", "rate limit exceeded");
    body.addProperty("retry_after", seconds);
    return Response.json(429, body).withHeader("Retry-After", Long.toString(seconds));
  }

  /** An injected failure, shaped as the platform (or the proxy in front of it) answers it. */
  private static Response injected(int status) {
    if (status == 429) {
      return rateLimited(1);
    }
    JsonObject body = Json.of("error", "injected fault: HTTP " + status);
    if (status == 503) {
      body.addProperty("code", "platform_unavailable");
    }
    Response response = Response.json(status, body);
    return status == 502 || status == 503 ? response.withHeader("Retry-After", "1") : response;
  }

  private static void write(HttpExchange exchange, Response response) throws IOException {
    if (response.drop()) {
      return; // closing an exchange that sent no headers closes its connection
    }
    Headers headers = exchange.getResponseHeaders();
    response.headers().forEach(headers::set);
    if (response.contentType() != null) {
      headers.set("Content-Type", response.contentType());
    }
    byte[] body = response.body();
    exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
