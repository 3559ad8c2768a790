package ai.molecule.host.push;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;

import ai.molecule.host.engine.EngineSettings;
import ai.molecule.host.engine.WorkspaceObserver;
import ai.molecule.host.platform.AgentCard;
import ai.molecule.host.platform.Deadlines;
import ai.molecule.host.platform.PlatformClient;
import ai.molecule.host.platform.PlatformConfig;
import ai.molecule.host.platform.RatePacer;
import ai.molecule.host.platform.Secret;
import ai.molecule.host.testing.Await;
import ai.molecule.host.testing.FakePlatform;
import ai.molecule.host.testing.Rows;
import ai.molecule.spi.Backend;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** A push engine on a thread of its own, against a fake platform that hands out an inbound secret. */
final class PushRun implements AutoCloseable {

  static final String SECRET = "inbound-secret-0123456789";
  static final String BASE = "/molecule";

  final FakePlatform platform;
  final PushEngine engine;
  final HttpClient http;
  private final String scheme;
  private final Thread thread;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  PushRun(Backend backend, Path stateDir, Path dataDir, PushSettings push) {
    this(backend, stateDir, dataDir, push, WorkspaceObserver.NONE);
  }

  PushRun(Backend backend, Path stateDir, Path dataDir, PushSettings push, WorkspaceObserver observer) {
    this(backend, stateDir, dataDir, push, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
        observer);
  }

  /**
   * @param http the client calls are made with (one that trusts the server's certificate, for HTTPS)
   * @param observer what the engine reports to
   */
  PushRun(Backend backend, Path stateDir, Path dataDir, PushSettings push, HttpClient http,
      WorkspaceObserver observer) {
    this.http = http;
    this.scheme = push.tlsCertificate() == null ? "http" : "https";
    EngineSettings settings = EngineSettings.defaults().toBuilder()
        .backoff(Duration.ofMillis(10), Duration.ofMillis(50)).grace(Duration.ofSeconds(10)).build();
    platform = FakePlatform.start(Rows.WORKSPACE).acceptingEverything();
    platform.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/registry/register").atPriority(5)
        .willReturn(okJson("{\"status\":\"registered\",\"delivery_mode\":\"push\",\"platform_inbound_secret\":\""
            + SECRET + "\"}")));
    platform.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/registry/heartbeat").atPriority(5)
        .willReturn(okJson("{\"status\":\"ok\",\"generation\":1,\"platform_inbound_secret\":\"" + SECRET + "\"}")));
    Deadlines deadlines = Deadlines.defaults().withControl(Duration.ofSeconds(5));
    PlatformClient client = new PlatformClient(new PlatformConfig(URI.create(platform.url()), Rows.WORKSPACE,
        new Secret(FakePlatform.TOKEN), null, deadlines.control()), deadlines,
        new RatePacer(java.time.Clock.systemUTC(), 1.0));
    engine = new PushEngine(client, backend, new AgentCard("test", "a test agent", "0"), stateDir,
        settings.toBuilder().filesDirectory(dataDir).build(), push, observer);
    thread = started(engine, failure);
    Await.until("the push engine registered", Duration.ofSeconds(20),
        () -> engine.address() != null && !platform.registrations().isEmpty() || !thread.isAlive());
    if (!thread.isAlive()) {
      throw new AssertionError("the push engine ended at start-up", failure.get());
    }
    // Registered, and its answer read: the bearer passes (a path that does not exist answers 404, not 401).
    Await.until("the inbound secret is known", Duration.ofSeconds(20), () -> probe() == 404);
  }

  /** Runs {@code engine} on a thread of its own, started; what it ended with goes to {@code failure}. */
  static Thread started(PushEngine engine, AtomicReference<Throwable> failure) {
    Thread thread = new Thread(() -> {
      try {
        engine.run();
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "push-engine-under-test");
    thread.start();
    return thread;
  }

  private int probe() {
    try {
      return http.send(HttpRequest.newBuilder(url("/ready-probe")).header("Authorization", "Bearer " + SECRET)
          .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.io.IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Settings for a test: loopback, an ephemeral port. */
  static PushSettings settings() {
    return PushSettings.of(URI.create("http://127.0.0.1" + BASE), new InetSocketAddress("127.0.0.1", 0), null, null,
        false);
  }

  int port() {
    return engine.address().getPort();
  }

  URI url(String path) {
    return URI.create(scheme + "://127.0.0.1:" + port() + BASE + path);
  }

  /** A {@code message/send} body as the platform pushes it. */
  static String call(String requestId, String messageId, String contextId, String text) {
    return "{\"jsonrpc\":\"2.0\",\"id\":\"" + requestId + "\",\"method\":\"message/send\",\"params\":{\"message\":"
        + "{\"role\":\"user\",\"messageId\":\"" + messageId + "\",\"contextId\":\"" + contextId + "\",\"parts\":"
        + "[{\"kind\":\"text\",\"text\":\"" + text + "\"}]},\"metadata\":{\"source\":\"canvas_user\"}}}";
  }

  HttpResponse<String> post(String body) throws Exception {
    return http.send(request(body).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest.Builder request(String body) {
    return HttpRequest.newBuilder(url("")).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + SECRET).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  static JsonObject json(HttpResponse<String> response) {
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }

  /** The text of a JSON-RPC answer's first part. */
  static String text(HttpResponse<String> response) {
    return json(response).getAsJsonObject("result").getAsJsonArray("parts").get(0).getAsJsonObject()
        .get("text").getAsString();
  }

  /** Stops the engine as SIGTERM does and waits for it to end; the failure it ended with, or null. */
  Throwable stop(Duration timeout) throws InterruptedException {
    engine.stop();
    thread.join(timeout.toMillis());
    if (thread.isAlive()) {
      throw new AssertionError("the push engine did not stop within " + timeout.toMillis() + " ms");
    }
    return failure.get();
  }

  @Override
  public void close() throws InterruptedException {
    try {
      Throwable ended = stop(Duration.ofSeconds(20));
      if (ended != null) {
        throw new AssertionError("the push engine failed", ended);
      }
    } finally {
      platform.close();
    }
  }
}
